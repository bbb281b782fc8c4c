"""The caller's own account under /users/me and /learners/me: nobody else's is reachable here,
because every view works on request.user and nothing else."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services, taxonomy
from accounts.api import profile_serializers as ps
from accounts.api import serializers as s
from core.api import ListView
from core.schema import ERRORS


class MeView(APIView):
    @extend_schema(tags=["users"], summary="Your account", responses={200: s.UserOut, **ERRORS(401)})
    def get(self, request):
        return Response(s.UserOut(request.user, context={"request": request}).data)

    @extend_schema(
        tags=["users"],
        summary="Edit your account",
        description="Time zone, currency, language, country and phone are checked against real lists "
        "(see /utils). On any error nothing is saved.",
        request=s.UserPatchIn,
        responses={200: s.UserOut, **ERRORS(400, 401, 409)},
    )
    def patch(self, request):
        data = s.UserPatchIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        user = services.user_update(user=request.user, **data.validated_data)
        return Response(s.UserOut(user, context={"request": request}).data)

    @extend_schema(
        tags=["users"],
        summary="Delete your account",
        description="Soft delete: you are signed out everywhere at once and the account is purged after "
        "the retention period (30 days). Staff can restore it until then.",
        request=s.PasswordIn,
        responses={204: None, **ERRORS(400, 401)},
    )
    def delete(self, request):
        data = s.PasswordIn(data=request.data)
        data.is_valid(raise_exception=True)
        services.user_self_delete(
            user=request.user, password=data.validated_data["password"], request=request
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeAvatarView(APIView):
    @extend_schema(
        tags=["users"],
        summary="Your picture",
        responses={200: s.AvatarOut, **ERRORS(401)},
    )
    def get(self, request):
        return Response(s.AvatarOut(request.user, context={"request": request}).data)

    @extend_schema(
        tags=["users"],
        summary="Upload your picture",
        description="Multipart `file`: JPG, PNG, GIF or WebP, checked by content, at most 5 MB. It is "
        "re-encoded, cropped square and shrunk; metadata such as EXIF is removed.",
        request={"multipart/form-data": s.AvatarIn},
        responses={201: s.AvatarOut, **ERRORS(400, 401)},
    )
    def post(self, request):
        data = s.AvatarIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.avatar_set(user=request.user, upload=data.validated_data["file"])
        return Response(s.AvatarOut(user, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=["users"],
        summary="Remove your picture",
        description="Back to the default picture, whose URL is returned.",
        request=None,
        responses={200: s.AvatarOut, **ERRORS(401)},
    )
    def delete(self, request):
        user = services.avatar_reset(user=request.user)
        return Response(s.AvatarOut(user, context={"request": request}).data)


class SwitchModeView(APIView):
    @extend_schema(
        tags=["users"],
        summary="Switch between learner and mentor mode",
        description="Mentor mode needs an approved mentor profile (403 FORBIDDEN otherwise, "
        "details.reason=mentor_profile_not_approved).",
        request=s.SwitchModeIn,
        responses={200: s.SwitchModeOut, **ERRORS(400, 401, 403)},
    )
    def post(self, request):
        data = s.SwitchModeIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_switch_mode(user=request.user, mode=data.validated_data["mode"])
        return Response({"active_mode": user.active_mode})


class MySkillsView(ListView):
    serializer_class = ps.UserSkillOut

    def rows(self):
        return selectors.user_skills_for_user(user=self.request.user)

    def paginate_queryset(self, queryset):
        # The category names come from the taxonomy in one more query for the whole page.
        return taxonomy.attach_categories(super().paginate_queryset(queryset))

    @extend_schema(
        tags=["users"], summary="Your skills", responses={200: ps.UserSkillOut(many=True), **ERRORS(400, 401)}
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        tags=["users"],
        summary="Add a skill",
        description="By `skill_name` (normalised: 'python' and ' Python ' are one skill) or `skill_id`. "
        "409 when it is already on your profile.",
        request=ps.UserSkillIn,
        responses={201: ps.UserSkillOut, **ERRORS(400, 401, 409)},
    )
    def post(self, request):
        data = ps.UserSkillIn(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.user_skill_add(
            user=request.user,
            skill_name=(data.validated_data.get("skill_name") or "").strip() or None,
            skill_id=data.validated_data.get("skill_id"),
            category_id=data.validated_data.get("category_id"),
            proficiency_level=data.validated_data["proficiency_level"],
        )
        taxonomy.attach_categories([row])
        return Response(ps.UserSkillOut(row).data, status=status.HTTP_201_CREATED)


class MySkillDetailView(APIView):
    @extend_schema(
        tags=["users"],
        summary="Remove one of your skills",
        request=None,
        responses={204: None, **ERRORS(401, 404)},
    )
    def delete(self, request, id):
        services.user_skill_remove(user=request.user, user_skill_id=id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class LearnerMeView(APIView):
    @extend_schema(
        tags=["learners"],
        summary="Your learner profile",
        responses={200: ps.LearnerProfileOut, **ERRORS(401)},
    )
    def get(self, request):
        profile = services.learner_profile_ensure(user=request.user)
        return Response(ps.LearnerProfileOut(profile).data)

    @extend_schema(
        tags=["learners"],
        summary="Edit your learner profile",
        description="Bio and preferred language are your account's (the same values as /users/me); "
        "the time zone is changed through PATCH /users/me.",
        request=ps.LearnerProfilePatchIn,
        responses={200: ps.LearnerProfileOut, **ERRORS(400, 401)},
    )
    def patch(self, request):
        data = ps.LearnerProfilePatchIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        profile = services.learner_profile_update(user=request.user, **data.validated_data)
        return Response(ps.LearnerProfileOut(profile).data)
