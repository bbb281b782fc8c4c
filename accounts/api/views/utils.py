"""Public reference lists (/utils), generated from pycountry, babel and phonenumbers
(accounts.reference) and returned whole in the list envelope of API.md §0."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.cache import patch_cache_control
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

from accounts import reference
from accounts.api import profile_serializers as ps
from core.api import ListView
from core.pagination import WholePagination
from core.schema import ERRORS

# The lists change only with a library upgrade; clients and proxies may keep them a day.
CACHE_SECONDS = 24 * 60 * 60


class ReferenceListView(ListView):
    authentication_classes: list = []  # public: a stale token must not turn this into a 401
    permission_classes = [AllowAny]
    pagination_class = WholePagination
    rows: Callable[[], list[dict[str, str]]]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response


def _reference_view(name: str, rows, item: type[serializers.Serializer], summary: str):
    # A method of its own for each view: extend_schema marks the function it is given, and a
    # shared inherited `get` would leave every list documented as the last one's items.
    @extend_schema(tags=["utils"], summary=summary, responses={200: item(many=True), **ERRORS(429)})
    def get(self, request):
        return ReferenceListView.get(self, request)

    attributes = {"rows": staticmethod(rows), "serializer_class": item, "get": get, "__doc__": summary}
    return type(name, (ReferenceListView,), attributes)


CountriesView = _reference_view(
    "Countries", reference.countries, ps.CodeNameOut, "Countries (ISO 3166-1 alpha-2)"
)
LanguagesView = _reference_view("Languages", reference.languages, ps.CodeNameOut, "Languages (ISO 639-1)")
ProficiencyLevelsView = _reference_view(
    "ProficiencyLevels",
    lambda: reference.LANGUAGE_PROFICIENCY_LEVELS,
    ps.CodeNameOut,
    "Language proficiency levels",
)
PhoneCodesView = _reference_view(
    "PhoneCodes", reference.phone_codes, ps.PhoneCodeOut, "International calling codes by country"
)
CurrenciesView = _reference_view(
    "Currencies",
    reference.currencies,
    ps.CurrencyOut,
    "Supported currencies (ISO 4217, in use today)",
)
