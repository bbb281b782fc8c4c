"""Test-only endpoints that exercise core's conventions the way an app's endpoint would."""

from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.urls import include, path
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from core.errors import Conflict
from core.idempotency import idempotent


class UserRow(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email"]


class UserList(generics.ListAPIView):
    permission_classes = [AllowAny]
    serializer_class = UserRow
    queryset = User.objects.order_by("email")


class Boom(APIView):
    permission_classes = [AllowAny]

    def get(self, request):
        raise RuntimeError("secret internals: password=hunter2")


class GroupIn(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    fail = serializers.BooleanField(default=False)


class GroupCreate(APIView):
    @idempotent
    def post(self, request):
        data = GroupIn(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["fail"]:
            raise Conflict("Refused on purpose.")
        group = Group.objects.create(name=f"{data.validated_data['name']}-{Group.objects.count()}")
        return Response({"id": group.pk, "name": group.name}, status=status.HTTP_201_CREATED)


def plain_boom(request):
    raise RuntimeError("boom outside DRF")


def ok(request):
    return HttpResponse("ok")


api = [
    path("test/users", UserList.as_view()),
    path("test/boom", Boom.as_view()),
    path("test/groups", GroupCreate.as_view()),
    path("test/plain-boom", plain_boom),
]

urlpatterns = [
    path("api/v1/", include(api)),
    path("", include("config.urls")),
]

# Error handlers come from the root URLconf; keep the project's.
from config.urls import handler400, handler403, handler404, handler500  # noqa: E402, F401
