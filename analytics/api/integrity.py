"""Staff integrity report and repair (API.md §10): /api/v1/staff/integrity[/repair]."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsStaff
from analytics.integrity.report import HEALTHY, UNHEALTHY, integrity_repair, integrity_report
from core.schema import ERRORS


class RoleCountsOut(serializers.Serializer):
    learner = serializers.IntegerField(help_text="Every live account (each is a learner)")
    mentor = serializers.IntegerField()
    staff = serializers.IntegerField()


class IntegrityIssueOut(serializers.Serializer):
    code = serializers.CharField(help_text="Which check, e.g. wallet_balance_differs")
    description = serializers.CharField()
    count = serializers.IntegerField(help_text="How many rows are inconsistent")
    sample_ids = serializers.ListField(
        child=serializers.CharField(), help_text="Up to ANALYTICS_INTEGRITY_SAMPLE_SIZE ids, smallest first"
    )
    repairable = serializers.BooleanField(help_text="Whether POST /staff/integrity/repair fixes these")


class IntegrityReportOut(serializers.Serializer):
    health_status = serializers.ChoiceField(choices=[HEALTHY, UNHEALTHY])
    total_users = serializers.IntegerField()
    role_counts = RoleCountsOut()
    issues = IntegrityIssueOut(many=True)
    timestamp = serializers.DateTimeField()


class RepairedOut(serializers.Serializer):
    code = serializers.CharField()
    count = serializers.IntegerField()
    ids = serializers.ListField(
        child=serializers.CharField(), help_text="Each has an integrity.repair audit entry"
    )


class IntegrityRepairOut(IntegrityReportOut):
    repaired = RepairedOut(many=True)


class IntegrityReportView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=["staff"],
        summary="Data-integrity report",
        description="Read-only: what is inconsistent now, with counts and sample ids. Changes nothing.",
        responses={200: IntegrityReportOut, **ERRORS(401, 403)},
    )
    def get(self, request):
        return Response(IntegrityReportOut(integrity_report()).data)


class IntegrityRepairView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=["staff"],
        summary="Run the safe integrity fixes",
        description="Recreates missing learner profiles, gives a live booking its lost busy time back "
        "when nobody took it since, releases orphaned busy time, and recomputes wallet balances, points "
        "totals, opportunity, group and post counters from their rows; each fix writes an "
        "`integrity.repair` audit entry. Returns the report taken afterwards plus `repaired`. Nothing "
        "is ever deleted; the other issues are only reported.",
        request=None,
        responses={200: IntegrityRepairOut, **ERRORS(401, 403)},
    )
    def post(self, request):
        repaired = integrity_repair(actor=request.user, request=request)
        return Response(IntegrityRepairOut({**integrity_report(), "repaired": repaired}).data)
