"""`manage.py check_integrity [--repair] [--json]`: the staff integrity report from a shell."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from analytics.integrity.report import integrity_repair, integrity_report


class Command(BaseCommand):
    help = (
        "Report inconsistent data (accounts without their profiles, orphaned busy time, wallet "
        "balances against the ledger, stale counters); --repair first runs the safe fixes, each "
        "audit-logged with no actor (the system). Exits with status 1 while anything remains."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repair", action="store_true", help="Run the safe automatic fixes first.")
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print the report as JSON.")

    def handle(self, *args, repair: bool = False, as_json: bool = False, **options) -> None:
        repaired = integrity_repair(actor=None) if repair else []
        report = integrity_report()
        if as_json:
            self.stdout.write(_dumps({**report, "repaired": repaired}))
        else:
            self._print(report, repaired)
        if report["issues"]:
            raise CommandError(f"{len(report['issues'])} kind(s) of inconsistent data remain.", returncode=1)

    def _print(self, report: dict, repaired: list[dict]) -> None:
        for item in repaired:
            self.stdout.write(self.style.SUCCESS(f"repaired {item['code']}: {item['count']}"))
        counts = ", ".join(f"{role} {count}" for role, count in report["role_counts"].items())
        self.stdout.write(f"{report['total_users']} accounts ({counts})")
        for issue in report["issues"]:
            fix = "repairable" if issue["repairable"] else "report only"
            self.stdout.write(
                self.style.WARNING(
                    f"{issue['code']}: {issue['count']} ({fix}) e.g. {', '.join(issue['sample_ids'])}"
                )
            )
        if not report["issues"]:
            self.stdout.write(self.style.SUCCESS("No inconsistencies found."))


def _dumps(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, indent=2)
