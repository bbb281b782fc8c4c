"""`manage.py seed_demo`: load demo data, idempotently.

Each app that has demo data provides `<app>/demo.py` with `seed(stdout) -> None`; they run in
INSTALLED_APPS order (lowest layer first), so core never imports a higher app by name. Each app's
part runs in one transaction (unless its module sets SEED_IN_TRANSACTION = False, because it
calls services that open durable transactions of their own) and is timed, so a slow one shows.
"""

import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from core import first_start


class Command(BaseCommand):
    help = "Load demo data for every app (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            module = import_module(module_name)
            started = time.monotonic()
            if getattr(module, "SEED_IN_TRANSACTION", True):
                with transaction.atomic():
                    module.seed(self.stdout)
            else:
                module.seed(self.stdout)
            self.stdout.write(f"  {config.label}: {time.monotonic() - started:.1f} s")
        first_start.mark_demo_loaded()  # `make run` skips seeding until a demo module changes
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
