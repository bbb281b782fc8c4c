"""Learner profile, skills and reference lists: input shapes and output rows."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import GradeLevel, LearnerProfile, ProficiencyLevel, SkillSource


class LearnerProfileOut(serializers.ModelSerializer):
    bio = serializers.CharField(source="user.bio")
    preferred_language = serializers.CharField(source="user.preferred_language")
    timezone = serializers.CharField(source="user.timezone", help_text="Changed through PATCH /users/me.")
    grade_level = serializers.ChoiceField(
        choices=GradeLevel.choices, allow_blank=True, read_only=True, help_text="Empty when not set."
    )

    class Meta:
        model = LearnerProfile
        fields = [
            "bio",
            "grade_level",
            "school_name",
            "learning_goals",
            "interests",
            "preferred_language",
            "timezone",
            "total_sessions",
            "updated_at",
        ]
        read_only_fields = fields


class LearnerProfilePatchIn(serializers.Serializer):
    bio = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    grade_level = serializers.ChoiceField(choices=GradeLevel.choices, required=False, allow_blank=True)
    school_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    learning_goals = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    interests = serializers.ListField(
        child=serializers.CharField(max_length=50),
        max_length=20,
        required=False,
        help_text="At most 20 topics.",
    )
    preferred_language = serializers.CharField(max_length=16, required=False)

    def validate(self, attrs):
        unknown = set(self.initial_data) - set(self.fields)
        if unknown:
            raise serializers.ValidationError(
                {name: ["This field cannot be changed here."] for name in sorted(unknown)}
            )
        return attrs


class NamedRef(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class UserSkillOut(serializers.Serializer):
    id = serializers.UUIDField()
    skill = NamedRef()
    category = NamedRef(allow_null=True)
    proficiency_level = serializers.ChoiceField(choices=ProficiencyLevel.choices)
    source = serializers.ChoiceField(choices=SkillSource.choices)
    created_at = serializers.DateTimeField()


class UserSkillIn(serializers.Serializer):
    skill_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    skill_id = serializers.UUIDField(required=False, allow_null=True)
    category_id = serializers.UUIDField(required=False, allow_null=True)
    proficiency_level = serializers.ChoiceField(choices=ProficiencyLevel.choices)

    def validate(self, attrs):
        if bool((attrs.get("skill_name") or "").strip()) == bool(attrs.get("skill_id")):
            raise serializers.ValidationError({"skill_name": ["Give skill_name or skill_id (one of them)."]})
        return attrs


class CodeNameOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class PhoneCodeOut(serializers.Serializer):
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2")
    name = serializers.CharField()
    code = serializers.CharField(help_text="Calling code with +, e.g. +49")


class CurrencyOut(serializers.Serializer):
    code = serializers.CharField(help_text="ISO 4217")
    symbol = serializers.CharField()
    name = serializers.CharField()
