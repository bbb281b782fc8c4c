"""`manage.py seed_demo`: load demo data, idempotently.

Each app that has demo data provides `<app>/demo.py` with `seed(stdout) -> None`; they run in
INSTALLED_APPS order (lowest layer first), so core never imports a higher app by name.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load demo data for every app (safe to run again: nothing is duplicated)."

    def handle(self, *args, **options):
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
