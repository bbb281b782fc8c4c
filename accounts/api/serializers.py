"""Input serializers check shape only; rules live in accounts.services."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Membership, Mode, Persona, User


def absolute_url(serializer: serializers.Serializer, url: str) -> str:
    """Mobile apps need whole URLs; a storage URL (/media/...) is made absolute for the request."""
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


class LocationOut(serializers.Serializer):
    city = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2, or empty")
    lat = serializers.FloatField(allow_null=True)
    lng = serializers.FloatField(allow_null=True)


class UserOut(serializers.ModelSerializer):
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    avatar_url = serializers.SerializerMethodField(help_text="The picture, or the default one.")
    location = LocationOut(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "username",
            "full_name",
            "first_name",
            "last_name",
            "bio",
            "phone",
            "avatar_url",
            "location",
            "persona",
            "membership",
            "roles",
            "active_mode",
            "timezone",
            "currency",
            "preferred_language",
            "is_verified",
            "onboarding_completed",
            "date_joined",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_avatar_url(self, user: User) -> str:
        return absolute_url(self, user.avatar_url)


class TokenPairOut(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    expires_in = serializers.IntegerField(help_text="Seconds until the access token expires.")
    token_type = serializers.CharField()


class LoginOut(TokenPairOut):
    user = UserOut()


class RegisterIn(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, trim_whitespace=False, max_length=128)
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    username = serializers.RegexField(
        r"^[\w.@+-]+\Z",
        max_length=150,
        required=False,
        allow_null=True,
        allow_blank=True,
        default=None,
        error_messages={"invalid": "Use letters, digits and @ . + - _ only."},
    )
    persona = serializers.ChoiceField(choices=Persona.choices, default=Persona.BEGINNER)
    intended_role = serializers.ChoiceField(choices=Mode.choices, default=Mode.LEARNER)
    membership = serializers.ChoiceField(choices=Membership.choices, default=Membership.FREE)

    def validate(self, attrs):
        if not (attrs["full_name"].strip() or attrs["first_name"].strip()):
            raise serializers.ValidationError({"full_name": ["Give full_name, or first_name and last_name."]})
        return attrs


class LoginIn(serializers.Serializer):
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    username = serializers.CharField(required=False, allow_blank=True, max_length=150)
    password = serializers.CharField(trim_whitespace=False, max_length=128)

    def validate(self, attrs):
        identifier = (attrs.get("email") or attrs.get("username") or "").strip()
        if not identifier:
            raise serializers.ValidationError({"email": ["Give email or username."]})
        attrs["identifier"] = identifier
        return attrs


class RefreshIn(serializers.Serializer):
    refresh = serializers.CharField()


class RefreshOut(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
    expires_in = serializers.IntegerField()
    token_type = serializers.CharField()


class TokenIn(serializers.Serializer):
    token = serializers.CharField(max_length=512)


class EmailIn(serializers.Serializer):
    email = serializers.EmailField()


class PasswordResetConfirmIn(serializers.Serializer):
    token = serializers.CharField(max_length=512)
    new_password = serializers.CharField(trim_whitespace=False, max_length=128)


class PasswordChangeIn(serializers.Serializer):
    old_password = serializers.CharField(trim_whitespace=False, max_length=128)
    new_password = serializers.CharField(trim_whitespace=False, max_length=128)
    refresh = serializers.CharField(
        required=False,
        help_text="This session's refresh token: it stays valid while every other one is revoked.",
    )


class LocationIn(serializers.Serializer):
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    country = serializers.CharField(
        max_length=2, required=False, allow_blank=True, help_text="ISO 3166-1 alpha-2"
    )
    lat = serializers.FloatField(required=False, allow_null=True, min_value=-90, max_value=90)
    lng = serializers.FloatField(required=False, allow_null=True, min_value=-180, max_value=180)

    def to_internal_value(self, data):
        unknown = set(data) - set(self.fields) if isinstance(data, dict) else set()
        if unknown:
            raise serializers.ValidationError(
                {name: ["Unknown key: use city, country, lat and lng."] for name in sorted(unknown)}
            )
        return super().to_internal_value(data)


class UserPatchIn(serializers.Serializer):
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    username = serializers.RegexField(
        r"^[\w.@+-]+\Z", max_length=150, required=False, allow_null=True, allow_blank=True
    )
    bio = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    phone = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="International form (+49 30 1234567); without + it is read in location.country.",
    )
    location = LocationIn(
        required=False, allow_null=True, help_text="Keys given are changed; null clears it."
    )
    timezone = serializers.CharField(max_length=64, required=False, help_text="IANA name, e.g. Europe/Berlin")
    currency = serializers.CharField(
        max_length=3, required=False, help_text="ISO 4217, see /utils/currencies"
    )
    preferred_language = serializers.CharField(
        max_length=16, required=False, help_text="ISO 639-1, optionally with a region: en, pt-BR"
    )
    onboarding_completed = serializers.BooleanField(required=False)

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: ["This field cannot be changed here."] for name in sorted(unknown)}
            )
        if "location" in attrs and attrs["location"] is not None:
            attrs["location"] = dict(attrs["location"])
        return attrs


class PasswordIn(serializers.Serializer):
    password = serializers.CharField(trim_whitespace=False, max_length=128)


class AvatarIn(serializers.Serializer):
    file = serializers.FileField(help_text="JPG, PNG, GIF or WebP, at most 5 MB.")


class AvatarOut(serializers.Serializer):
    avatar_url = serializers.SerializerMethodField()
    uploaded_at = serializers.DateTimeField(source="avatar_uploaded_at", allow_null=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_avatar_url(self, user: User) -> str:
        return absolute_url(self, user.avatar_url)


class SwitchModeIn(serializers.Serializer):
    mode = serializers.ChoiceField(choices=Mode.choices)


class SwitchModeOut(serializers.Serializer):
    active_mode = serializers.ChoiceField(choices=Mode.choices)


class SocialLoginIn(serializers.Serializer):
    token = serializers.CharField(
        max_length=8192, help_text="The ID token (OpenID Connect JWT) the provider's sign-in SDK returned."
    )
    client_id = serializers.CharField(
        max_length=255,
        required=False,
        help_text="Which of our client ids the token was issued to, when several are configured.",
    )


class SocialLoginOut(LoginOut):
    created = serializers.BooleanField(help_text="True when this sign-in made the account.")
