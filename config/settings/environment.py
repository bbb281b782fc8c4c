"""Where the project lives and how settings read the environment (django-environ): one `env`,
and a local `.env` file that the process environment overrides. Every settings module reads
these."""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A local .env is optional and never committed; the process environment wins over it.
env_file = BASE_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(str(env_file))
