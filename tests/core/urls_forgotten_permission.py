"""The project's URLconf plus one API route whose view forgot its permission (it says AllowAny):
what tests/core/test_auth_walker.py must catch."""

from django.urls import include, path
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView


class ForgotItsPermission(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={204: None})
    def get(self, request):
        return Response(status=204)


urlpatterns = [
    path("api/v1/forgotten", ForgotItsPermission.as_view()),
    path("", include("config.urls")),
]

from config.urls import handler400, handler403, handler404, handler500  # noqa: E402, F401
