"""What `make run` does before it starts the processes (`manage.py prepare_local`): bring the
database up to date and load the demo data, each only when there is something to do, and build
a fresh embedded database quickly.

A fresh SQLite database gets dj-stripe's tables straight from its models (as the test settings
do) instead of replaying its long migration history (about three minutes on SQLite), and those
migrations are then recorded as applied, so a later `migrate` (a newer dj-stripe) applies only
what is new. Models and migrations agree: tests/core/test_migrations.py checks there is nothing
left to make. PostgreSQL always runs the real migrations (the models' foreign key to the user
table cannot be created before that table exists there).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings

# Apps whose tables a fresh embedded database gets from their models, not their migrations.
BUILT_FROM_MODELS = ("djstripe",)


def database_is_fresh(using: str = DEFAULT_DB_ALIAS) -> bool:
    """An SQLite database without a single table (a new file, or none yet)."""
    connection = connections[using]
    return connection.vendor == "sqlite" and not connection.introspection.table_names()


def pending_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def migrate_fresh(*, stdout, using: str = DEFAULT_DB_ALIAS) -> None:
    """Build a fresh SQLite database: BUILT_FROM_MODELS from their models, every other app by its
    migrations (data migrations included), then record BUILT_FROM_MODELS' migrations."""
    if not database_is_fresh(using):
        raise ValueError("only an empty SQLite database is built this way")
    skipped = {label: None for label in BUILT_FROM_MODELS}
    with override_settings(MIGRATION_MODULES={**settings.MIGRATION_MODULES, **skipped}):
        call_command("migrate", database=using, run_syncdb=True, interactive=False, stdout=stdout)
    connection = connections[using]
    loader = MigrationLoader(connection)
    recorder = MigrationRecorder(connection)
    for app_label, name in sorted(loader.graph.nodes):
        if app_label in BUILT_FROM_MODELS:
            recorder.record_applied(app_label, name)


def demo_modules() -> list[Path]:
    """The source files of every app's demo data (`<app>/demo.py` or the `<app>/demo/` package)."""
    files: list[Path] = []
    for config in apps.get_app_configs():
        base = Path(config.path)
        files += [base / "demo.py"] if (base / "demo.py").is_file() else []
        files += sorted((base / "demo").glob("*.py")) if (base / "demo").is_dir() else []
    return files


def demo_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in demo_modules():
        digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _stamp_path(using: str = DEFAULT_DB_ALIAS) -> Path:
    db = connections[using].settings_dict
    where = f"{db['ENGINE']}|{db.get('HOST') or ''}|{db.get('PORT') or ''}|{db['NAME']}"
    return Path(settings.VAR_DIR) / f"demo-seeded-{hashlib.sha256(where.encode()).hexdigest()[:16]}"


def demo_is_loaded(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether seed_demo already loaded the demo data, as the demo modules are now, into this
    database: its stamp says so and the database has accounts (a flushed one has none)."""
    stamp = _stamp_path(using)
    if not stamp.is_file() or stamp.read_text().strip() != demo_fingerprint():
        return False
    return get_user_model().objects.using(using).exists()


def mark_demo_loaded(using: str = DEFAULT_DB_ALIAS) -> None:
    stamp = _stamp_path(using)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(demo_fingerprint() + "\n")


def forget_demo_loaded(using: str = DEFAULT_DB_ALIAS) -> None:
    _stamp_path(using).unlink(missing_ok=True)
