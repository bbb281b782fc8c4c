"""/learners/me/favorites: the caller's saved mentors."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ListView
from core.schema import ERRORS
from mentors import search, selectors, services
from mentors.api import serializers as s
from mentors.api.views.common import FAVORITES, parsed


class FavoriteListView(ListView):
    serializer_class = s.FavoriteCardOut
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=FAVORITES,
        summary="Your favourite mentors, last added first",
        description="Mentors who are not public at the moment (not approved, or not accepting bookings) "
        "are left out until they are again.",
        responses={200: s.FavoriteCardOut(many=True), **ERRORS(400, 401, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self):
        return selectors.favorites_for_learner(learner=self.request.user)

    def page_context(self, page, filters):
        return {"cards": search.card_context(mentors=page, viewer=self.request.user)}

    @extend_schema(
        tags=FAVORITES,
        summary="Save a mentor",
        description="201 when added, 200 when the mentor already was a favourite.",
        request=s.FavoriteIn,
        responses={201: s.FavoriteCardOut, 200: s.FavoriteCardOut, **ERRORS(400, 401, 404, 429)},
    )
    def post(self, request):
        mentor = selectors.mentor_bookable_get(mentor_id=parsed(s.FavoriteIn, request.data)["mentor_id"])
        _, created = services.favorite_add(learner=request.user, mentor=mentor)
        card = selectors.favorites_for_learner(learner=request.user).get(pk=mentor.pk)
        cards = search.card_context(mentors=[card], viewer=request.user)
        return Response(
            s.FavoriteCardOut(card, context={"cards": cards}).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class FavoriteDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=FAVORITES,
        summary="Remove a favourite",
        request=None,
        responses={204: None, **ERRORS(401, 404, 429)},
    )
    def delete(self, request, mentor_id: UUID):
        services.favorite_remove(learner=request.user, mentor_id=mentor_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
