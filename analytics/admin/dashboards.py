"""The admin index opens on the staff dashboard (templates/admin/analytics/index.html, filled by
the `staff_dashboard` tag), and dj-stripe's models are hidden from it: the project runs Stripe
through its own payments admin, and dj-stripe's dozens of mirror tables only bury it.

dj-stripe's admin module is imported here first, so its models are registered before they are
taken out whatever order the admin modules load in; anything else of the `djstripe` app that
registers later is caught by the same loop when the admin is built again (tests reload it)."""

from __future__ import annotations

from django.contrib import admin

HIDDEN_APPS = ("djstripe",)


def hide_unused_apps(site: admin.AdminSite = admin.site) -> None:
    try:
        import djstripe.admin  # noqa: F401 - registers dj-stripe's models, to be taken out below
    except ImportError:  # dj-stripe not installed: nothing to hide
        return
    for model in list(site._registry):
        if model._meta.app_label in HIDDEN_APPS:
            site.unregister(model)


hide_unused_apps()
admin.site.index_template = "admin/analytics/index.html"
