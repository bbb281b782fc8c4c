"""API.md §6: the catalogue, enrollment and progress, recommendations and learning paths."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ListView, parsed
from core.pagination import WholePagination
from core.schema import ERRORS
from core.throttling import PaymentsRateThrottle, throttles
from learning import selectors
from learning.api import filters
from learning.api import serializers as s
from learning.errors import NotAnAuthor
from learning.services import catalogue, enrollment, paths, progress, recommend

CATALOGUE = ["learning: catalogue"]
ENROLLMENTS = ["learning: enrollments"]
PATHS = ["learning: paths"]


def _detail(request, opportunity) -> dict:
    user = request.user
    context = {
        "signed_in": user.is_authenticated,
        "enrollment": selectors.enrollment_for(user=user, opportunity=opportunity),
    }
    return s.OpportunityDetailOut(opportunity, context=context).data


class OpportunityListCreateView(ListView):
    serializer_class = s.OpportunityOut
    filterset_class = filters.OpportunityFilters

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "POST" else [AllowAny()]

    @extend_schema(
        tags=CATALOGUE,
        summary="The catalogue",
        description="Published courses, workshops, jobs, mentorship offers and cohorts. `q` is a full-text "
        "search (PostgreSQL) or a word match (SQLite).",
        responses={200: s.OpportunityOut(many=True), **ERRORS(400, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        return selectors.opportunity_search(**filters)

    @extend_schema(
        tags=CATALOGUE,
        summary="Create an opportunity (mentors and staff)",
        description="A draft, unless `status` is published. `lessons` is the ordered list.",
        request=s.OpportunityIn,
        responses={201: s.OpportunityDetailOut, **ERRORS(400, 401, 403)},
    )
    def post(self, request):
        if not catalogue.may_author(request.user):
            raise NotAnAuthor()
        data = parsed(s.OpportunityIn, request.data)
        opportunity = catalogue.opportunity_create(user=request.user, data=data)
        fresh = selectors.opportunity_get(opportunity_id=opportunity.pk, user=request.user)
        return Response(_detail(request, fresh), status=status.HTTP_201_CREATED)


class OpportunityDetailView(APIView):
    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "PATCH" else [AllowAny()]

    @extend_schema(
        tags=CATALOGUE,
        summary="One opportunity",
        responses={200: s.OpportunityDetailOut, **ERRORS(404)},
    )
    def get(self, request, id):
        return Response(_detail(request, selectors.opportunity_get(opportunity_id=id, user=request.user)))

    @extend_schema(
        tags=CATALOGUE,
        summary="Edit, publish or archive an opportunity (its mentor, staff)",
        request=s.OpportunityPatchIn,
        responses={200: s.OpportunityDetailOut, **ERRORS(400, 401, 404, 409)},
    )
    def patch(self, request, id):
        data = parsed(s.OpportunityPatchIn, request.data, partial=True)
        catalogue.opportunity_update(opportunity_id=id, user=request.user, data=data)
        return Response(_detail(request, selectors.opportunity_get(opportunity_id=id, user=request.user)))


class LessonDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=CATALOGUE,
        summary="One lesson's content (enrolled learners, its author, staff)",
        responses={200: s.LessonOut, **ERRORS(401, 404)},
    )
    def get(self, request, id, lesson_id):
        lesson = selectors.lesson_get(user=request.user, opportunity_id=id, lesson_id=lesson_id)
        return Response(s.LessonOut(lesson).data)


class RecommendedOpportunitiesView(ListView):
    permission_classes = [IsAuthenticated]
    pagination_class = WholePagination
    serializer_class = s.RecommendationOut
    filterset_class = filters.RecommendedFilters

    @extend_schema(
        tags=CATALOGUE,
        summary="Opportunities recommended for you",
        description="Ranked with sentence embeddings from your goals, interests and skills; an "
        "opportunity suggested for your active learning path is lifted (`learning_path_fit`).",
        responses={200: s.RecommendationOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, *, limit):
        return recommend.recommend_for(user=self.request.user, limit=limit)

    def extra(self, page, filters):
        return {"limit": filters["limit"]}


class EnrollView(APIView):
    permission_classes = [IsAuthenticated]

    def get_throttles(self):
        return [throttle() for throttle in throttles(PaymentsRateThrottle)]

    @extend_schema(
        tags=ENROLLMENTS,
        summary="Enroll",
        description="Free: enrolled at once. Paid by card: `pending_payment` with the payment embedded "
        "(pay it; the webhook enrolls you). Credits: paid at once (402 if short). Jobs: 400 with "
        "`details.apply_url`. A second enrollment, or no seat left: 409.",
        request=s.EnrollIn,
        responses={201: s.EnrollOut, **ERRORS(400, 401, 402, 404, 409)},
    )
    def post(self, request, id):
        data = parsed(s.EnrollIn, request.data)
        result = enrollment.enrollment_create(
            user=request.user,
            opportunity_id=id,
            payment_method=data.get("payment_method"),
            card=data.get("card"),
        )
        body = {
            "enrollment": s.EnrollmentBriefOut(result.enrollment).data,
            "payment_required": result.enrollment.status == "pending_payment",
            "payment": s.EmbeddedPaymentOut(result.payment).data if result.payment else None,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class EnrollmentListView(ListView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.EnrollmentOut
    filterset_class = filters.EnrollmentFilters

    @extend_schema(
        tags=ENROLLMENTS,
        summary="Your enrollments with progress",
        responses={200: s.EnrollmentOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        return selectors.enrollment_list(user=self.request.user, **filters)


def _progress_body(enrollment_obj, completed: int, total: int) -> dict:
    return s.ProgressOut(
        {
            "enrollment_id": enrollment_obj.pk,
            "progress_percentage": enrollment_obj.progress_percentage,
            "completed_lessons": completed,
            "total_lessons": total,
            "status": enrollment_obj.status,
            "current_lesson_id": enrollment_obj.current_lesson_id,
            "total_time_spent_minutes": enrollment_obj.total_time_spent_minutes,
            "last_accessed_at": enrollment_obj.last_accessed_at,
        }
    ).data


class ProgressView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=ENROLLMENTS,
        summary="Record progress",
        description="The server computes the percentage from completed lessons (3 of 12 → 25). The first "
        "update makes it in_progress; the last lesson completes it.",
        request=s.ProgressIn,
        responses={200: s.ProgressOut, **ERRORS(400, 401, 404, 409)},
    )
    def patch(self, request, id):
        data = parsed(s.ProgressIn, request.data)
        result = progress.progress_update(enrollment_id=id, user=request.user, **data)
        return Response(_progress_body(result.enrollment, result.completed_lessons, result.total_lessons))


class EnrollmentCancelView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=ENROLLMENTS,
        summary="Leave an enrollment",
        description="Unpaid: cancelled. Paid, within the refund window (and before a workshop starts): "
        "cancelled with a full refund. Otherwise: dropped, no refund.",
        request=s.EnrollmentCancelIn,
        responses={200: s.EnrollmentCancelOut, **ERRORS(400, 401, 404, 409)},
    )
    def post(self, request, id):
        data = parsed(s.EnrollmentCancelIn, request.data)
        result = enrollment.enrollment_cancel(
            enrollment_id=id, user=request.user, reason=data.get("reason", "")
        )
        fresh = selectors.enrollment_get(user=request.user, enrollment_id=id)
        return Response(
            s.EnrollmentCancelOut(
                {"enrollment": fresh, "refund_policy": result.refund_policy, "refund": result.refund}
            ).data
        )


class EnrollmentRateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=ENROLLMENTS,
        summary="Rate what you enrolled in",
        request=s.RateIn,
        responses={200: s.EnrollmentOut, **ERRORS(400, 401, 404, 409)},
    )
    def post(self, request, id):
        data = parsed(s.RateIn, request.data)
        catalogue.opportunity_rate(enrollment_id=id, user=request.user, **data)
        return Response(s.EnrollmentOut(selectors.enrollment_get(user=request.user, enrollment_id=id)).data)


class PathListCreateView(ListView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.PathOut
    filterset_class = filters.PathFilters

    @extend_schema(
        tags=PATHS, summary="Your learning paths", responses={200: s.PathOut(many=True), **ERRORS(400, 401)}
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        return selectors.path_list(user=self.request.user, **filters)

    @extend_schema(
        tags=PATHS,
        summary="Start a learning path",
        description="Milestones are generated from the subcategory's subjects at rising difficulty; the "
        "embeddings pick the opportunities and approved mentors that fit each step. One active path per "
        "subcategory (409).",
        request=s.PathCreateIn,
        responses={201: s.PathDetailOut, **ERRORS(400, 401, 409)},
    )
    def post(self, request):
        data = parsed(s.PathCreateIn, request.data)
        path = paths.path_create(user=request.user, subcategory_id=data["subcategory_id"])
        fresh = selectors.path_get(user=request.user, path_id=path.pk)
        return Response(s.PathDetailOut(fresh).data, status=status.HTTP_201_CREATED)


class PathDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=PATHS,
        summary="One learning path with every milestone and its suggestions",
        responses={200: s.PathDetailOut, **ERRORS(401, 404)},
    )
    def get(self, request, id):
        return Response(s.PathDetailOut(selectors.path_get(user=request.user, path_id=id)).data)


class CompleteMilestoneView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=PATHS,
        summary="Complete the current milestone",
        description="Only `current_step` can be completed (409 otherwise).",
        request=s.CompleteMilestoneIn,
        responses={200: s.CompleteMilestoneOut, **ERRORS(400, 401, 404, 409)},
    )
    def post(self, request, id):
        data = parsed(s.CompleteMilestoneIn, request.data)
        result = paths.milestone_complete(path_id=id, user=request.user, step=data["step"])
        path = selectors.path_get(user=request.user, path_id=id)
        upcoming = [m for m in path.milestones.all() if m.step == path.current_step]
        body = {
            "milestone": result.milestone,
            "points_earned": result.points_earned,
            "achievements_unlocked": result.achievements_unlocked,
            "next_milestone": upcoming[0] if upcoming else None,
            "completion_percentage": path.completion_percentage,
        }
        return Response(s.CompleteMilestoneOut(body).data)
