"""Staff views of accounts and the audit log."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import UserOut
from accounts.models import AuditEntry, Membership, Persona, Role, User
from accounts.services import MAX_PURGE_AGE_DAYS, MIN_PURGE_AGE_DAYS


class StaffUserRow(serializers.ModelSerializer):
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    created_at = serializers.DateTimeField(source="date_joined")

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "roles", "is_active", "deleted_at", "created_at"]
        read_only_fields = fields


class LearnerSummaryOut(serializers.Serializer):
    grade_level = serializers.CharField()
    school_name = serializers.CharField()
    interests = serializers.ListField(child=serializers.CharField())
    total_sessions = serializers.IntegerField()


class StaffUserDetailOut(UserOut):
    is_active = serializers.BooleanField()
    is_staff = serializers.BooleanField()
    is_mentor = serializers.BooleanField()
    last_login = serializers.DateTimeField(allow_null=True)
    deleted_at = serializers.DateTimeField(allow_null=True)
    purged_at = serializers.DateTimeField(allow_null=True)
    learner_profile = serializers.SerializerMethodField()
    mentor_profile = serializers.SerializerMethodField()
    credit_balance = serializers.SerializerMethodField()

    class Meta(UserOut.Meta):
        fields = [
            *UserOut.Meta.fields,
            "is_active",
            "is_staff",
            "is_mentor",
            "last_login",
            "deleted_at",
            "purged_at",
            "learner_profile",
            "mentor_profile",
            "credit_balance",
        ]
        read_only_fields = fields

    @extend_schema_field(LearnerSummaryOut(allow_null=True))
    def get_learner_profile(self, user: User):
        profile = getattr(user, "learner_profile", None)
        return LearnerSummaryOut(profile).data if profile is not None else None

    @extend_schema_field(
        {"type": "object", "nullable": True, "description": "From the mentors app; null without one."}
    )
    def get_mentor_profile(self, user: User):
        return self.context.get("sections", {}).get("mentor_profile")

    @extend_schema_field({"nullable": True, "description": "From the payments app; null without one."})
    def get_credit_balance(self, user: User):
        return self.context.get("sections", {}).get("credit_balance")


class StaffUserPatchIn(serializers.Serializer):
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices),
        required=False,
        help_text="'staff' in the list grants staff; 'mentor' must match the mentor profile's approval.",
    )
    is_staff = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)
    membership = serializers.ChoiceField(choices=Membership.choices, required=False)
    persona = serializers.ChoiceField(choices=Persona.choices, required=False)

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: ["Staff cannot change this field."] for name in sorted(unknown)}
            )
        if not attrs:
            raise serializers.ValidationError({"non_field_errors": ["Nothing to change."]})
        return attrs


class StaffAvatarIn(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="JPG, PNG, GIF or WebP, at most 5 MB.")
    reset = serializers.BooleanField(
        required=False, default=False, help_text="true: back to the default picture"
    )

    def validate(self, attrs):
        if bool(attrs.get("file")) == bool(attrs.get("reset")):
            raise serializers.ValidationError({"file": ["Send a file, or reset=true (one of them)."]})
        return attrs


class StaffDeleteIn(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class PurgeIn(serializers.Serializer):
    older_than_days = serializers.IntegerField(
        min_value=MIN_PURGE_AGE_DAYS, max_value=MAX_PURGE_AGE_DAYS, default=MIN_PURGE_AGE_DAYS
    )


class PurgeOut(serializers.Serializer):
    purged_count = serializers.IntegerField()


class AuditEntryOut(serializers.ModelSerializer):
    actor_id = serializers.UUIDField(allow_null=True)

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "actor_id",
            "action",
            "target_type",
            "target_id",
            "details",
            "ip_address",
            "user_agent",
            "created_at",
        ]
        read_only_fields = fields
