"""Staff management of accounts and the audit log (/api/v1/staff/...). Every write goes through a
service that records exactly one audit entry with the staff member, the account and their IP."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services, staff_summaries
from accounts.api import filters
from accounts.api import serializers as s
from accounts.api import staff_serializers as ss
from accounts.permissions import IsStaff
from core.api import ListView
from core.schema import ERRORS


class StaffView(APIView):
    permission_classes = [IsStaff]


class StaffUserListView(ListView):
    permission_classes = [IsStaff]
    serializer_class = ss.StaffUserRow
    filterset_class = filters.StaffUserFilters

    def rows(self, **filters):
        return selectors.user_list_for_staff(**filters)

    @extend_schema(
        tags=["staff"],
        summary="Accounts",
        description="Live accounts; `deleted=true` lists only soft-deleted ones.",
        responses={200: ss.StaffUserRow(many=True), **ERRORS(400, 401, 403)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _detail(request, user) -> dict:
    context = {"request": request, "sections": staff_summaries.collect(user)}
    return ss.StaffUserDetailOut(user, context=context).data


class StaffUserDetailView(StaffView):
    @extend_schema(
        tags=["staff"],
        summary="One account",
        description="With learner (and, once those apps are installed, mentor profile and credit) summaries.",
        responses={200: ss.StaffUserDetailOut, **ERRORS(401, 403, 404)},
    )
    def get(self, request, id: UUID):
        return Response(_detail(request, selectors.user_get_for_staff(user_id=id)))

    @extend_schema(
        tags=["staff"],
        summary="Change roles, flags, membership or persona",
        request=ss.StaffUserPatchIn,
        responses={200: ss.StaffUserDetailOut, **ERRORS(400, 401, 403, 404, 409)},
    )
    def patch(self, request, id: UUID):
        user = selectors.user_get_for_staff(user_id=id)
        data = ss.StaffUserPatchIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_staff_update(
            actor=request.user, user=user, request=request, **data.validated_data
        )
        return Response(_detail(request, user))

    @extend_schema(
        tags=["staff"],
        summary="Soft-delete an account",
        description="Needs a `reason` (in the JSON body, or as a query parameter). The account is signed "
        "out everywhere at once and hidden from every list until restored or purged.",
        request=ss.StaffDeleteIn,
        responses={204: None, **ERRORS(400, 401, 403, 404, 409)},
    )
    def delete(self, request, id: UUID):
        user = selectors.user_get_for_staff(user_id=id)
        raw = request.data if request.data else request.query_params
        data = ss.StaffDeleteIn(data={"reason": raw.get("reason", "")})
        data.is_valid(raise_exception=True)
        services.user_staff_delete(
            actor=request.user, user=user, reason=data.validated_data["reason"], request=request
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class StaffUserAvatarView(StaffView):
    @extend_schema(
        tags=["staff"],
        summary="Replace or reset an account's picture",
        request={"multipart/form-data": ss.StaffAvatarIn, "application/json": ss.StaffAvatarIn},
        responses={200: s.AvatarOut, **ERRORS(400, 401, 403, 404, 409)},
    )
    def post(self, request, id: UUID):
        user = selectors.user_get_for_staff(user_id=id)
        data = ss.StaffAvatarIn(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data.get("reset"):
            user = services.avatar_reset(user=user, actor=request.user, request=request)
        else:
            user = services.avatar_set(
                user=user, upload=data.validated_data["file"], actor=request.user, request=request
            )
        return Response(s.AvatarOut(user, context={"request": request}).data)


class StaffUserRestoreView(StaffView):
    @extend_schema(
        tags=["staff"],
        summary="Restore a soft-deleted account",
        description="409 when the account is not deleted, or was already purged.",
        request=None,
        responses={200: ss.StaffUserDetailOut, **ERRORS(401, 403, 404, 409)},
    )
    def post(self, request, id: UUID):
        user = selectors.user_get_for_staff(user_id=id)
        user = services.user_restore(actor=request.user, user=user, request=request)
        return Response(_detail(request, user))


class StaffPurgeDeletedView(StaffView):
    @extend_schema(
        tags=["staff"],
        summary="Purge accounts deleted long enough ago",
        description="Anonymises accounts soft-deleted at least `older_than_days` ago (30 at least). "
        "Payment and ledger rows keep pointing at the anonymised account.",
        request=ss.PurgeIn,
        responses={200: ss.PurgeOut, **ERRORS(400, 401, 403)},
    )
    def post(self, request):
        data = ss.PurgeIn(data=request.data)
        data.is_valid(raise_exception=True)
        purged = services.users_purge_deleted(
            older_than_days=data.validated_data["older_than_days"], actor=request.user, request=request
        )
        return Response({"purged_count": len(purged)})


class AuditLogListView(ListView):
    permission_classes = [IsStaff]
    serializer_class = ss.AuditEntryOut
    filterset_class = filters.AuditFilters

    def rows(self, **filters):
        return selectors.audit_entries_list(**filters)

    @extend_schema(
        tags=["staff"],
        summary="Audit log",
        description="Newest first. `user_id` matches the actor or the account acted on; "
        "`date_from`/`date_to` are whole UTC days (YYYY-MM-DD), both included.",
        responses={200: ss.AuditEntryOut(many=True), **ERRORS(400, 401, 403)},
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
