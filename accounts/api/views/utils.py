"""Public reference lists (/utils), generated from pycountry, babel and phonenumbers
(accounts.reference) and returned whole in the list envelope of API.md §0."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.cache import patch_cache_control
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import reference
from accounts.api import profile_serializers as ps
from core.pagination import paginate_whole
from core.schema import ERRORS

# The lists change only with a library upgrade; clients and proxies may keep them a day.
CACHE_SECONDS = 24 * 60 * 60


def _envelope(name: str, item: serializers.Serializer):
    return inline_serializer(
        name,
        {
            "items": item,
            "total": serializers.IntegerField(),
            "page": serializers.IntegerField(),
            "limit": serializers.IntegerField(),
            "pages": serializers.IntegerField(),
        },
    )


class ReferenceListView(APIView):
    authentication_classes: list = []  # public: a stale token must not turn this into a 401
    permission_classes = [AllowAny]
    rows: Callable[[], list[dict[str, str]]]

    def get(self, request):
        response = Response(paginate_whole(list(self.rows())))
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response


def _reference_view(name: str, rows, item: serializers.Serializer, summary: str):
    # A method of its own for each view: extend_schema marks the function it is given, and a
    # shared inherited `get` would leave every list documented as the last one's items.
    @extend_schema(
        tags=["utils"],
        summary=summary,
        responses={200: _envelope(f"{name}Page", item), **ERRORS(429)},
    )
    def get(self, request):
        return ReferenceListView.get(self, request)

    return type(name, (ReferenceListView,), {"rows": staticmethod(rows), "get": get, "__doc__": summary})


CountriesView = _reference_view(
    "Countries", reference.countries, ps.CodeNameOut(many=True), "Countries (ISO 3166-1 alpha-2)"
)
LanguagesView = _reference_view(
    "Languages", reference.languages, ps.CodeNameOut(many=True), "Languages (ISO 639-1)"
)
ProficiencyLevelsView = _reference_view(
    "ProficiencyLevels",
    lambda: reference.LANGUAGE_PROFICIENCY_LEVELS,
    ps.CodeNameOut(many=True),
    "Language proficiency levels",
)
PhoneCodesView = _reference_view(
    "PhoneCodes", reference.phone_codes, ps.PhoneCodeOut(many=True), "International calling codes by country"
)
CurrenciesView = _reference_view(
    "Currencies",
    reference.currencies,
    ps.CurrencyOut(many=True),
    "Supported currencies (ISO 4217, in use today)",
)
