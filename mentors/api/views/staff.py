"""/staff/mentors: the review queue, and the decisions on applications.

Approve and reject call the same services as the Django admin's actions: each writes one audit
entry and notifies the applicant once.
"""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsStaff
from core.api import ListView
from core.schema import ERRORS
from mentors import selectors, services
from mentors.api import filters
from mentors.api import serializers as s
from mentors.api.views.common import STAFF, parsed


class StaffMentorListView(ListView):
    serializer_class = s.StaffMentorOut
    permission_classes = [IsStaff]
    filterset_class = filters.StaffMentorFilters

    @extend_schema(
        tags=STAFF,
        summary="Mentor profiles for review",
        description="Oldest submission first. `submitted_from`/`submitted_to` are whole UTC days, both included.",
        responses={200: s.StaffMentorOut(many=True), **ERRORS(400, 401, 403, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        return selectors.mentors_for_staff(**filters)


class StaffMentorApproveView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=STAFF,
        summary="Approve a pending application",
        description="The profile becomes approved and verified, the account gains the mentor role, and the "
        "applicant is notified. 409 unless the profile is pending approval.",
        request=s.StaffApproveIn,
        responses={200: s.StaffMentorOut, **ERRORS(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, id: UUID):
        params = parsed(s.StaffApproveIn, request.data)
        mentor = services.mentor_approve(
            mentor=selectors.mentor_get_for_staff(mentor_id=id),
            actor=request.user,
            tier=params.get("mentor_tier"),
            request=request,
        )
        return Response(s.StaffMentorOut(mentor).data)


class StaffMentorRejectView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=STAFF,
        summary="Reject a pending application, with the reason",
        description="The applicant is notified with the reason and may edit and resubmit. 409 unless the "
        "profile is pending approval.",
        request=s.StaffRejectIn,
        responses={200: s.StaffMentorOut, **ERRORS(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, id: UUID):
        params = parsed(s.StaffRejectIn, request.data)
        mentor = services.mentor_reject(
            mentor=selectors.mentor_get_for_staff(mentor_id=id),
            actor=request.user,
            reason=params["rejection_reason"],
            request=request,
        )
        return Response(s.StaffMentorOut(mentor).data)
