"""`manage.py prepare_local` (`make run`): migrate and load the demo data, each only when there is
something to do, naming each step. A fresh embedded database is built quickly (core.first_start)."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from core import first_start


class Command(BaseCommand):
    help = "Bring the database up to date and load the demo data, skipping what is already done."
    # `migrate` runs the system checks itself when it has work to do; a second start skips them.
    requires_system_checks: list = []

    def step(self, text: str) -> None:
        self.stdout.write(f"==> {text}")

    def handle(self, *args, **options):
        started = time.monotonic()
        fresh = first_start.database_is_fresh()
        if fresh:
            self.step(
                "Building the embedded database (dj-stripe's tables from its models, every other "
                "app by its migrations)"
            )
            first_start.forget_demo_loaded()
            first_start.migrate_fresh(stdout=self.stdout)
        else:
            pending = first_start.pending_migrations()
            if pending:
                self.step(f"Applying {len(pending)} migration(s)")
                call_command("migrate", interactive=False, stdout=self.stdout)
            else:
                self.step("Database is up to date (no migrations to apply)")

        if first_start.demo_is_loaded():
            self.step("Demo data is loaded already (demo modules unchanged)")
        else:
            self.step("Loading the demo data (seed_demo)")
            call_command("seed_demo", stdout=self.stdout)
        self.step(f"Ready in {time.monotonic() - started:.1f} s")
