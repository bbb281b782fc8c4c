"""The onboarding interview, the AI profile and speech: input shapes and output rows."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.profile_serializers import NamedRef
from accounts.models import AnswerType


@extend_schema_field(
    {
        "type": "string",
        "description": "The recording: base64 (a data: URL too) in JSON, or a file in multipart. "
        "WAV, WebM, Ogg or MP3; at most 10 MB and 2 minutes.",
    }
)
class AudioField(serializers.Field):
    default_error_messages = {"invalid": "Send the recording as base64 text or as a file."}

    def to_internal_value(self, data):
        if isinstance(data, (str, UploadedFile)):
            return data
        self.fail("invalid")

    def to_representation(self, value):  # never sent back
        return None


class SessionStartOut(serializers.Serializer):
    session_id = serializers.UUIDField()
    step = serializers.IntegerField(help_text="Always 1.")
    total_steps = serializers.IntegerField()
    first_question = serializers.CharField()
    first_question_audio_url = serializers.CharField(
        allow_null=True, help_text="The question as speech (persona disabled), else null."
    )
    ai_agent_id = serializers.UUIDField(
        allow_null=True, help_text="The assistant offered to this learner (persona disabled), else null."
    )


class AnswerIn(serializers.Serializer):
    step = serializers.IntegerField(min_value=1)
    answer_type = serializers.ChoiceField(choices=AnswerType.choices)
    answer_text = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="The typed answer. With answer_type=voice: the learner's correction of the "
        "transcription (kept instead of it), or the transcription made earlier by POST /speech/transcriptions.",
    )
    audio = AudioField(required=False, help_text="With answer_type=voice.")

    def validate(self, attrs):
        if attrs["answer_type"] == AnswerType.TEXT and not (attrs.get("answer_text") or "").strip():
            raise serializers.ValidationError({"answer_text": "Type an answer."})
        if (
            attrs["answer_type"] == AnswerType.VOICE
            and not attrs.get("audio")
            and not attrs.get("answer_text")
        ):
            raise serializers.ValidationError({"audio": "Send the recording."})
        return attrs


class AnswerOut(serializers.Serializer):
    session_id = serializers.UUIDField()
    answered_step = serializers.IntegerField()
    step = serializers.IntegerField(
        allow_null=True, help_text="The step of next_question; null when all are answered."
    )
    total_steps = serializers.IntegerField()
    next_question = serializers.CharField(allow_null=True)
    transcription = serializers.CharField(allow_null=True, help_text="What was heard in `audio`, else null.")
    ai_response_audio_url = serializers.CharField(
        allow_null=True, help_text="next_question as speech (persona disabled), else null."
    )
    ready_to_complete = serializers.BooleanField()


class ProfileSkillOut(serializers.Serializer):
    skill = serializers.CharField(source="name")
    level = serializers.CharField(help_text="beginner, intermediate, advanced or expert.")
    category = serializers.SerializerMethodField()

    @extend_schema_field(NamedRef(allow_null=True))
    def get_category(self, row) -> dict | None:
        if not row.get("category_id"):
            return None
        return {"id": row["category_id"], "name": row.get("category") or ""}


class RecommendedCategoryOut(serializers.Serializer):
    category = serializers.SerializerMethodField()
    subcategory = serializers.SerializerMethodField()
    score = serializers.FloatField(help_text="0-1.")
    reason = serializers.CharField()

    @extend_schema_field(NamedRef)
    def get_category(self, row) -> dict:
        return {"id": row["category_id"], "name": row["name"]}

    @extend_schema_field(NamedRef(allow_null=True))
    def get_subcategory(self, row) -> dict | None:
        if not row.get("subcategory_id"):
            return None
        return {"id": row["subcategory_id"], "name": row["subcategory"]}


class AIProfileOut(serializers.Serializer):
    passions = serializers.ListField(child=serializers.CharField())
    skills = ProfileSkillOut(many=True)
    goals = serializers.ListField(child=serializers.CharField())
    time_commitment = serializers.CharField(help_text="As understood, e.g. “2–3 hours a day · weekends”.")
    hours_per_week = serializers.FloatField(allow_null=True)
    schedule = serializers.ListField(child=serializers.CharField(), help_text="e.g. weekends, evenings.")
    learning_style = serializers.CharField()
    recommended_categories = RecommendedCategoryOut(many=True)
    session_id = serializers.UUIDField(allow_null=True, help_text="The interview it was built from.")
    updated_at = serializers.DateTimeField()


class SuggestedSubcategoryOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    category = serializers.CharField()


class InterviewNextStepsOut(serializers.Serializer):
    action = serializers.CharField(help_text="What to do next: find_mentor.")
    suggested_subcategories = SuggestedSubcategoryOut(many=True)


class CompleteOut(serializers.Serializer):
    profile = AIProfileOut()
    next_steps = InterviewNextStepsOut()


class AIProfilePatchIn(serializers.Serializer):
    passions = serializers.ListField(
        child=serializers.CharField(max_length=120), max_length=10, required=False
    )
    goals = serializers.ListField(child=serializers.CharField(max_length=200), max_length=10, required=False)
    time_commitment = serializers.CharField(max_length=200, required=False, allow_blank=True)
    learning_style = serializers.CharField(max_length=200, required=False, allow_blank=True)


class TranscriptionIn(serializers.Serializer):
    audio = AudioField()


class TranscriptionOut(serializers.Serializer):
    transcription = serializers.CharField()
    duration_s = serializers.FloatField()
