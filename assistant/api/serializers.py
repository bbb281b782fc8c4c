"""In and out shapes of API.md §8."""

from __future__ import annotations

from rest_framework import serializers

from assistant.models import ActionType, Tone, Verbosity
from bookings.api.serializers import BookingDetailOut
from messaging.api.serializers import MessageOut

WINDOWS = ["morning", "afternoon", "evening"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


class PersonalityField(serializers.Serializer):
    tone = serializers.ChoiceField(choices=Tone.choices, required=False)
    verbosity = serializers.ChoiceField(choices=Verbosity.choices, required=False)


class AgentIn(serializers.Serializer):
    agent_name = serializers.CharField(max_length=60, required=False)
    personality = PersonalityField(required=False)
    voice_id = serializers.RegexField(
        r"^[a-z]{2,3}(-[a-z0-9]{2,8})*(\+[a-z0-9]{1,10})?$",
        max_length=40,
        required=False,
        allow_blank=True,
        help_text="An espeak-ng voice, e.g. en-us, en-gb or en-us+f3; blank for the site's default.",
    )
    language = serializers.ChoiceField(choices=[("en", "English")], required=False)
    auto_schedule_enabled = serializers.BooleanField(required=False)
    auto_respond_messages = serializers.BooleanField(required=False)
    auto_manage_calendar = serializers.BooleanField(required=False)
    is_enabled = serializers.BooleanField(required=False)
    speak_replies = serializers.BooleanField(required=False, help_text="The page speaks each reply aloud.")


class PersonalityOut(serializers.Serializer):
    tone = serializers.ChoiceField(choices=Tone.choices)
    verbosity = serializers.ChoiceField(choices=Verbosity.choices)


class AgentOut(serializers.Serializer):
    id = serializers.UUIDField()
    agent_name = serializers.CharField()
    personality = serializers.SerializerMethodField()
    voice_id = serializers.CharField()
    language = serializers.CharField()
    auto_schedule_enabled = serializers.BooleanField()
    auto_respond_messages = serializers.BooleanField()
    auto_manage_calendar = serializers.BooleanField()
    is_enabled = serializers.BooleanField()
    speak_replies = serializers.BooleanField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    def get_personality(self, agent) -> PersonalityOut:
        return {"tone": agent.tone, "verbosity": agent.verbosity}


class VoiceCommandIn(serializers.Serializer):
    audio = serializers.CharField(
        required=False,
        help_text="A recording (WAV, OGG, WebM, MP3...) as base64 or a data: URL; at most 10 MB.",
    )
    text = serializers.CharField(required=False, max_length=1000, help_text="A typed command instead.")

    def validate(self, attrs):
        if bool(attrs.get("audio")) == bool(attrs.get("text")):
            raise serializers.ValidationError({"text": ["Give audio or text (one of them)."]})
        return attrs


class VoiceCommandMultipartIn(serializers.Serializer):
    audio = serializers.FileField(required=False, help_text="A recording of at most 10 MB.")
    text = serializers.CharField(required=False, max_length=1000)


class ActionTakenOut(serializers.Serializer):
    type = serializers.CharField(
        help_text="An action type of the log (scheduled_booking, sent_message, ...)."
    )
    success = serializers.BooleanField()
    error = serializers.CharField(required=False, help_text="The API error code of a refused action.")
    booking_id = serializers.UUIDField(required=False)
    message_id = serializers.UUIDField(required=False)


class ConfirmationOut(serializers.Serializer):
    question = serializers.CharField()
    action = serializers.ChoiceField(choices=["book", "cancel", "reschedule"])


class SlotsOut(serializers.Serializer):
    mentors = serializers.ListField(child=serializers.CharField())
    dates = serializers.ListField(child=serializers.DateField())
    time = serializers.CharField(allow_null=True)
    window = serializers.CharField(allow_null=True)
    message = serializers.CharField(allow_null=True)


class VoiceCommandOut(serializers.Serializer):
    transcription = serializers.CharField()
    intent = serializers.ChoiceField(
        choices=[
            "schedule_session",
            "reschedule_booking",
            "cancel_booking",
            "send_message",
            "read_messages",
            "read_notifications",
            "check_schedule",
            "confirm",
            "deny",
            "unknown",
        ]
    )
    slots = SlotsOut()
    action_taken = ActionTakenOut(allow_null=True, source="action")
    awaiting_confirmation = ConfirmationOut(
        allow_null=True, source="confirmation", help_text="Say or send yes or no to this."
    )
    response_text = serializers.CharField(source="text")
    response_audio_url = serializers.CharField(allow_null=True, source="audio_url")


class ScheduleSessionIn(serializers.Serializer):
    mentor_id = serializers.UUIDField()
    preferred_time_range = serializers.ChoiceField(choices=WINDOWS)
    preferred_days = serializers.ListField(
        child=serializers.CharField(),
        allow_empty=True,
        required=False,
        default=list,
        help_text="Weekday names in English (monday ... sunday); empty for any day.",
    )
    duration_minutes = serializers.IntegerField(required=False, min_value=15, max_value=480)
    service_id = serializers.UUIDField(required=False)
    payment_method = serializers.ChoiceField(choices=["card", "credits", "package"], default="card")
    package_purchase_id = serializers.UUIDField(required=False)

    def validate_preferred_days(self, value):
        days = [day.strip().lower() for day in value]
        unknown = [day for day in days if day not in DAYS]
        if unknown:
            raise serializers.ValidationError(f"Not a weekday: {', '.join(unknown)}.")
        return list(dict.fromkeys(days))


class DecisionOut(serializers.Serializer):
    selected_time = serializers.DateTimeField()
    reason = serializers.CharField()


class ScheduleSessionOut(serializers.Serializer):
    booking = BookingDetailOut()
    ai_decision = DecisionOut()
    voice_confirmation_sent = serializers.BooleanField()
    voice_confirmation_url = serializers.CharField(allow_null=True)


class RespondMessageIn(serializers.Serializer):
    message_id = serializers.UUIDField()
    auto_respond = serializers.BooleanField(default=False)


class RespondMessageOut(serializers.Serializer):
    draft_text = serializers.CharField()
    sent = serializers.BooleanField()
    message = MessageOut(allow_null=True)


class AgentActionOut(serializers.Serializer):
    id = serializers.UUIDField()
    action_type = serializers.ChoiceField(choices=ActionType.choices)
    action_details = serializers.DictField()
    success = serializers.BooleanField()
    error = serializers.CharField(allow_null=True, source="error_or_none")
    error_message = serializers.CharField()
    created_at = serializers.DateTimeField()
