"""Test databases build dj-stripe's tables from its models, after the project's migrations,
instead of running its ~100 migrations: those were most of a fresh test database's set-up (one
of them, 514 RemoveFields, about 50 s of CPU on each xdist worker). `make run`, production and
tests/core/test_migrations.py still use the real migrations.

Django builds an app without migrations (MIGRATION_MODULES None) before it migrates the others.
SQLite takes that; PostgreSQL refuses dj-stripe's foreign key to accounts_user, a table that does
not exist yet. So while a database has no dj-stripe tables, this router keeps them out of that
first step, and once the migrations are done (post_migrate) they are built from the models.
"""

from __future__ import annotations

from django.apps import AppConfig, apps
from django.db import connections
from django.db.models.signals import post_migrate

APP = "djstripe"
_built: set[tuple[str, str]] = set()  # (alias, database name) with dj-stripe's tables


def _tables(alias: str) -> set[str]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def has_tables(alias: str) -> bool:
    key = (alias, connections[alias].settings_dict["NAME"])
    if key not in _built and apps.get_model(APP, "Customer")._meta.db_table in _tables(alias):
        _built.add(key)
    return key in _built


def build_after_migrations(sender: AppConfig, using: str = "default", **kwargs) -> None:
    if sender.label != APP or has_tables(using):
        return
    connection, present = connections[using], _tables(using)
    with connection.schema_editor() as editor:
        for model in sender.get_models():  # each creates its own many-to-many tables
            if model._meta.can_migrate(connection) and model._meta.db_table not in present:
                editor.create_model(model)
    has_tables(using)


class DjstripeAfterMigrations:
    """DATABASE_ROUTERS entry of config.settings.test on PostgreSQL (see the module's text)."""

    def __init__(self):
        post_migrate.connect(build_after_migrations, dispatch_uid="tests.djstripe_schema")

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == APP and not has_tables(db):
            return False
        return None
