"""Test-only endpoints that exercise core's conventions the way an app's endpoint would."""

from django.contrib.auth.models import Group
from django.http import HttpResponse
from django.urls import include, path
from drf_spectacular.utils import extend_schema
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


class AuthGroupIn(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    fail = serializers.BooleanField(default=False)


class AuthGroupOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class GroupCreate(APIView):
    @extend_schema(request=AuthGroupIn, responses={201: AuthGroupOut})
    @idempotent
    def post(self, request):
        data = AuthGroupIn(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["fail"]:
            raise Conflict("Refused on purpose.")
        group = Group.objects.create(name=f"{data.validated_data['name']}-{Group.objects.count()}")
        return Response({"id": group.pk, "name": group.name}, status=status.HTTP_201_CREATED)


class Drifted(APIView):
    """Answers what its schema does not say: what tests/api_client.py must refuse."""

    permission_classes = [AllowAny]

    @extend_schema(responses={200: UserRow})
    def get(self, request):
        return Response({"id": str(User.objects.first().pk)})  # the serializer also has email

    @extend_schema(request=None, responses={201: UserRow})
    def post(self, request):
        user = User.objects.first()
        return Response({"id": str(user.pk), "email": user.email}, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={204: None})
    def delete(self, request):
        return Response({"detail": "Not the API's error format."}, status=status.HTTP_400_BAD_REQUEST)


def plain_boom(request):
    raise RuntimeError("boom outside DRF")


def ok(request):
    return HttpResponse("ok")


api = [
    path("test/users", UserList.as_view()),
    path("test/boom", Boom.as_view()),
    path("test/groups", GroupCreate.as_view()),
    path("test/drifted", Drifted.as_view()),
    path("test/plain-boom", plain_boom),
]

urlpatterns = [
    path("api/v1/", include(api)),
    path("", include("config.urls")),
]

# Error handlers come from the root URLconf; keep the project's.
from config.urls import handler400, handler403, handler404, handler500  # noqa: E402, F401
