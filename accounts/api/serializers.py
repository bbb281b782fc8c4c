"""Input serializers check shape only; rules live in accounts.services."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Membership, Mode, Persona, User


class UserOut(serializers.ModelSerializer):
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "username",
            "full_name",
            "first_name",
            "last_name",
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


class UserPatchIn(serializers.Serializer):
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    username = serializers.RegexField(
        r"^[\w.@+-]+\Z", max_length=150, required=False, allow_null=True, allow_blank=True
    )
    timezone = serializers.CharField(max_length=64, required=False)
    currency = serializers.CharField(max_length=3, required=False)
    preferred_language = serializers.CharField(max_length=16, required=False)
    onboarding_completed = serializers.BooleanField(required=False)

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: ["This field cannot be changed here."] for name in sorted(unknown)}
            )
        return attrs
