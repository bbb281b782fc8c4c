"""AI matching endpoints (API.md §2): GET /mentors/recommended and GET /categories/search.

Both answer in the list envelope of API.md §0 with one page holding the best `limit` results:
a ranking is read from the top, so there is no second page to ask for.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.pagination import paginate_whole
from core.schema import ERRORS
from mentors import matching, search, selectors
from mentors.api.serializers import MentorCardOut
from mentors.api.views.common import MENTORS, TAXONOMY, query

MAX_RESULTS = 50


class RecommendedIn(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_RESULTS, default=10, required=False)


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


class RecommendedPageOut(serializers.Serializer):
    items = MatchOut(many=True)
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    limit = serializers.IntegerField()
    pages = serializers.IntegerField()


class CategorySearchIn(serializers.Serializer):
    q = serializers.CharField(max_length=200, help_text="What you want to learn, e.g. “learn mobile design”.")
    limit = serializers.IntegerField(min_value=1, max_value=MAX_RESULTS, default=10, required=False)


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


class CategorySearchPageOut(RecommendedPageOut):
    items = CategoryHitOut(many=True)
    query = serializers.CharField(help_text="The `q` searched for.")


class RecommendedMentorsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=MENTORS,
        summary="Mentors recommended for you",
        description="Ranks approved mentors by how close their profile is to your learning goals, interests "
        "and skills (sentence embeddings), their rating and how near their time zone is to yours. "
        "`match_reasons` says why in words. Without goals, interests or skills yet, rating and time "
        "zone decide.",
        parameters=[RecommendedIn],
        responses={200: RecommendedPageOut, **ERRORS(400, 401, 429)},
    )
    def get(self, request):
        params = query(RecommendedIn, request)
        matches = matching.recommend_for(
            user=request.user, limit=params["limit"], queryset=selectors.mentor_cards()
        )
        cards = search.card_context(mentors=[m.mentor for m in matches], viewer=request.user)
        items = MatchOut(matches, many=True, context={"cards": cards}).data
        return Response({**paginate_whole(items), "limit": params["limit"]})


class CategorySearchView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        tags=TAXONOMY,
        summary="Search categories by meaning",
        description="Finds the categories and subcategories closest in meaning to `q` (sentence embeddings), "
        "best first. Signed in, your learning goals and interests lift the categories near them, and "
        "`why_relevant` says so.",
        parameters=[CategorySearchIn],
        responses={200: CategorySearchPageOut, **ERRORS(400, 429)},
    )
    def get(self, request):
        params = query(CategorySearchIn, request)
        hits = matching.category_search(q=params["q"], limit=params["limit"], user=request.user)
        items = CategoryHitOut(hits, many=True).data
        return Response({**paginate_whole(items), "limit": params["limit"], "query": params["q"]})
