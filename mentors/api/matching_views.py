"""AI matching endpoints (API.md §2): GET /mentors/recommended and GET /categories/search.

Both answer in the list envelope of API.md §0 with one page holding the best `limit` results:
a ranking is read from the top, so there is no second page to ask for.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated

from core.api import ListView
from core.pagination import WholePagination
from core.schema import ERRORS
from mentors import matching, search, selectors
from mentors.api import filters
from mentors.api.serializers import MentorCardOut
from mentors.api.views.common import MENTORS, TAXONOMY


class MatchOut(serializers.Serializer):
    mentor = MentorCardOut()
    match_score = serializers.IntegerField(
        min_value=0, max_value=100, help_text="0-100: topic, rating, time zone."
    )
    match_reasons = serializers.ListField(
        child=serializers.CharField(),
        help_text="Why this mentor, in words, e.g. “Rated 4.8 from 12 reviews”.",
    )
    common_skills = serializers.ListField(
        child=serializers.CharField(), help_text="The mentor's skills and subjects you also listed."
    )


class CategoryNodeOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.CharField()


class CategoryHitOut(serializers.Serializer):
    category = CategoryNodeOut(help_text="The top-level category.")
    subcategory = CategoryNodeOut(
        allow_null=True, help_text="null when the top-level category itself matched."
    )
    relevance_score = serializers.FloatField(
        min_value=0, max_value=1, help_text="Similarity in meaning, 0-1."
    )
    why_relevant = serializers.CharField()


class RecommendedMentorsView(ListView):
    permission_classes = [IsAuthenticated]
    pagination_class = WholePagination
    serializer_class = MatchOut
    filterset_class = filters.RecommendedFilters

    @extend_schema(
        tags=MENTORS,
        summary="Mentors recommended for you",
        description="Ranks approved mentors by how close their profile is to your learning goals, interests "
        "and skills (sentence embeddings), their rating and how near their time zone is to yours. "
        "`match_reasons` says why in words. Without goals, interests or skills yet, rating and time "
        "zone decide.",
        responses={200: MatchOut(many=True), **ERRORS(400, 401, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, *, limit):
        return matching.recommend_for(user=self.request.user, limit=limit, queryset=selectors.mentor_cards())

    def page_context(self, page, filters):
        return {"cards": search.card_context(mentors=[m.mentor for m in page], viewer=self.request.user)}

    def extra(self, page, filters):
        return {"limit": filters["limit"]}


class CategorySearchView(ListView):
    permission_classes = [AllowAny]
    pagination_class = WholePagination.with_keys(
        query={"type": "string", "description": "The `q` searched for."}
    )
    serializer_class = CategoryHitOut
    filterset_class = filters.CategorySearchFilters

    @extend_schema(
        tags=TAXONOMY,
        summary="Search categories by meaning",
        description="Finds the categories and subcategories closest in meaning to `q` (sentence embeddings), "
        "best first. Signed in, your learning goals and interests lift the categories near them, and "
        "`why_relevant` says so.",
        responses={200: CategoryHitOut(many=True), **ERRORS(400, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, *, q, limit):
        return matching.category_search(q=q, limit=limit, user=self.request.user)

    def extra(self, page, filters):
        return {"limit": filters["limit"], "query": filters["q"]}
