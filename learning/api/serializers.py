"""Shapes of learning's API (API.md §6)."""

from __future__ import annotations

from rest_framework import serializers

from core.money import MoneyIn, MoneyOut
from learning.models import Difficulty, EnrollmentStatus, OpportunityStatus, OpportunityType
from payments.api.serializers import EmbeddedPaymentOut


class ProviderOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["mentor", "platform"])
    mentor_id = serializers.UUIDField(allow_null=True)
    name = serializers.CharField()
    avatar_url = serializers.CharField(allow_null=True)

    def to_representation(self, opportunity):
        mentor = opportunity.mentor
        if mentor is None:
            return {"kind": "platform", "mentor_id": None, "name": "Mentora", "avatar_url": None}
        return {
            "kind": "mentor",
            "mentor_id": str(mentor.pk),
            "name": mentor.user.display_name,
            "avatar_url": mentor.user.avatar_url,
        }


class TaxonomyRefOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class OpportunityOut(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField(help_text="Markdown")
    type = serializers.ChoiceField(choices=OpportunityType.choices)
    status = serializers.ChoiceField(choices=OpportunityStatus.choices)
    is_paid = serializers.BooleanField()
    price = MoneyOut(allow_null=True, help_text="null for free items (API.md §6)")
    credit_price = serializers.IntegerField(allow_null=True)
    duration_minutes = serializers.IntegerField()
    difficulty = serializers.ChoiceField(choices=Difficulty.choices)
    tags = serializers.ListField(child=serializers.CharField())
    category = TaxonomyRefOut()
    subcategory = TaxonomyRefOut(allow_null=True)
    rating = serializers.DecimalField(
        source="average_rating", max_digits=3, decimal_places=2, coerce_to_string=False
    )
    rating_count = serializers.IntegerField()
    enrollment_count = serializers.IntegerField()
    provider = ProviderOut(source="*")
    starts_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not instance.is_paid:
            data["price"] = None
        return data


class LessonBriefOut(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    order = serializers.IntegerField()
    duration_minutes = serializers.IntegerField()
    has_video = serializers.SerializerMethodField()

    def get_has_video(self, lesson) -> bool:
        return bool(lesson.video_url)


class OpportunityScheduleOut(serializers.Serializer):
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)
    timezone = serializers.CharField()
    description = serializers.CharField(source="schedule")
    location = serializers.CharField()


class CapacityOut(serializers.Serializer):
    total = serializers.IntegerField(source="capacity", allow_null=True)
    seats_left = serializers.IntegerField(allow_null=True)


class OpportunityDetailOut(OpportunityOut):
    lessons = LessonBriefOut(many=True)
    subjects = TaxonomyRefOut(many=True)
    schedule = OpportunityScheduleOut(source="*")
    capacity = CapacityOut(source="*")
    mentor = serializers.SerializerMethodField()
    apply_url = serializers.CharField(allow_null=True, help_text="Jobs: where to apply")
    employer = serializers.CharField()
    is_enrolled = serializers.SerializerMethodField()
    enrollment_id = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(allow_null=True)

    def get_mentor(self, opportunity) -> str | None:
        """The provider mentor's profile id, or null for the platform's own items."""
        return str(opportunity.mentor_id) if opportunity.mentor_id else None

    def get_is_enrolled(self, opportunity) -> bool | None:
        """null when not signed in."""
        if not self.context.get("signed_in"):
            return None
        return self.context.get("enrollment") is not None

    def get_enrollment_id(self, opportunity) -> str | None:
        enrollment = self.context.get("enrollment")
        return str(enrollment.pk) if enrollment else None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["apply_url"] = instance.apply_url or None
        data["subjects"] = [{"id": str(s.pk), "name": s.name} for s in instance.subjects.all()]
        return data


class LessonOut(serializers.Serializer):
    id = serializers.UUIDField()
    opportunity_id = serializers.UUIDField()
    title = serializers.CharField()
    order = serializers.IntegerField()
    duration_minutes = serializers.IntegerField()
    content = serializers.CharField(help_text="Markdown, as the author wrote it")
    content_html = serializers.SerializerMethodField()
    video_url = serializers.CharField(allow_null=True)
    external_url = serializers.CharField(allow_null=True)
    completed = serializers.BooleanField(help_text="Whether you completed it")

    def get_content_html(self, lesson) -> str:
        """The content rendered and sanitized (safe to show as HTML)."""
        from learning.markdown import render

        return str(render(lesson.content))

    def to_representation(self, lesson):
        data = super().to_representation(lesson)
        data["video_url"] = lesson.video_url or None
        data["external_url"] = lesson.external_url or None
        return data


class LessonIn(serializers.Serializer):
    id = serializers.UUIDField(required=False, help_text="An existing lesson to keep and edit")
    title = serializers.CharField(max_length=200)
    order = serializers.IntegerField(min_value=0, required=False)
    duration_minutes = serializers.IntegerField(min_value=0, max_value=100000, required=False)
    content = serializers.CharField(max_length=50000, required=False, allow_blank=True, help_text="Markdown")
    video_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    external_url = serializers.URLField(max_length=500, required=False, allow_blank=True)


class OpportunityIn(serializers.Serializer):
    type = serializers.ChoiceField(choices=OpportunityType.choices)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    difficulty = serializers.ChoiceField(choices=Difficulty.choices, required=False)
    category_id = serializers.UUIDField()
    subcategory_id = serializers.UUIDField(required=False, allow_null=True)
    subject_ids = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=20)
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False, max_length=12)
    price = MoneyIn(required=False, allow_null=True, help_text="null or absent: free")
    credit_price = serializers.IntegerField(min_value=1, max_value=10000, required=False, allow_null=True)
    duration_minutes = serializers.IntegerField(min_value=0, max_value=100000, required=False)
    starts_at = serializers.DateTimeField(required=False, allow_null=True)
    ends_at = serializers.DateTimeField(required=False, allow_null=True)
    timezone = serializers.CharField(max_length=64, required=False)
    schedule = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    capacity = serializers.IntegerField(min_value=1, max_value=100000, required=False, allow_null=True)
    apply_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    employer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    mentor_id = serializers.UUIDField(required=False, help_text="Staff only: the provider mentor")
    status = serializers.ChoiceField(
        choices=OpportunityStatus.choices, required=False, help_text="published publishes, archived archives"
    )
    lessons = LessonIn(
        many=True, required=False, max_length=200, help_text="The whole ordered list (replaces the lessons)"
    )

    def validate_timezone(self, value):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise serializers.ValidationError("Use an IANA time zone name, e.g. Europe/Berlin.") from None
        return value

    def validate(self, attrs):
        if "price" in attrs:
            money = attrs.pop("price")
            if money is None or money.amount == 0:
                attrs["price"] = None
            else:
                attrs["price"] = money.amount
                if money.currency:
                    attrs["currency"] = money.currency
        return attrs


class OpportunityPatchIn(OpportunityIn):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class EnrollIn(serializers.Serializer):
    payment_method = serializers.ChoiceField(
        choices=["card", "credits"], required=False, help_text="Paid items; default card"
    )
    card = serializers.CharField(
        max_length=100, required=False, help_text="Offline gateway: a test card token"
    )


class EnrollmentBriefOut(serializers.Serializer):
    id = serializers.UUIDField()
    opportunity_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=EnrollmentStatus.choices)
    enrolled_at = serializers.DateTimeField()
    progress = serializers.IntegerField(source="progress_percentage")


class EnrollOut(serializers.Serializer):
    enrollment = EnrollmentBriefOut()
    payment_required = serializers.BooleanField()
    payment = EmbeddedPaymentOut(allow_null=True)


class OpportunityRefOut(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    type = serializers.ChoiceField(choices=OpportunityType.choices)


class EnrollmentOut(serializers.Serializer):
    id = serializers.UUIDField()
    opportunity = OpportunityRefOut()
    status = serializers.ChoiceField(choices=EnrollmentStatus.choices)
    completion_percentage = serializers.IntegerField(source="progress_percentage")
    total_time_spent_minutes = serializers.IntegerField()
    last_accessed_at = serializers.DateTimeField(allow_null=True)
    current_lesson_id = serializers.UUIDField(allow_null=True)
    enrolled_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)


class ProgressIn(serializers.Serializer):
    completed_lesson_ids = serializers.ListField(
        child=serializers.UUIDField(), required=False, max_length=500
    )
    current_lesson_id = serializers.UUIDField(required=False, allow_null=True)
    time_spent_minutes = serializers.IntegerField(min_value=0, max_value=1440, required=False, default=0)
    progress_percentage = serializers.IntegerField(
        min_value=0, max_value=100, required=False, help_text="Only for items without lessons"
    )


class ProgressOut(serializers.Serializer):
    enrollment_id = serializers.UUIDField()
    progress_percentage = serializers.IntegerField()
    completed_lessons = serializers.IntegerField()
    total_lessons = serializers.IntegerField()
    status = serializers.ChoiceField(choices=EnrollmentStatus.choices)
    current_lesson_id = serializers.UUIDField(allow_null=True)
    total_time_spent_minutes = serializers.IntegerField()
    last_accessed_at = serializers.DateTimeField(allow_null=True)


class EnrollmentCancelIn(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class RefundBriefOut(serializers.Serializer):
    id = serializers.UUIDField()
    amount = MoneyOut()
    status = serializers.CharField()


class EnrollmentCancelOut(serializers.Serializer):
    enrollment = EnrollmentOut()
    refund_policy = serializers.CharField(help_text="full (refunded) or none")
    refund = RefundBriefOut(allow_null=True)


class RateIn(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    review = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class PathFitOut(serializers.Serializer):
    learning_path_id = serializers.UUIDField()
    subcategory_name = serializers.CharField()
    step = serializers.IntegerField(allow_null=True)
    milestone_title = serializers.CharField(allow_null=True)


class RecommendationOut(serializers.Serializer):
    opportunity = OpportunityOut()
    match_score = serializers.FloatField(min_value=0, max_value=100)
    reason = serializers.CharField()
    learning_path_fit = PathFitOut(allow_null=True)


# --- learning paths -------------------------------------------------------------------------------


class PathSubcategoryOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    category_name = serializers.CharField(source="parent.name")


class MilestoneDoneOut(serializers.Serializer):
    step = serializers.IntegerField()
    title = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)


class NextMilestoneOut(serializers.Serializer):
    step = serializers.IntegerField()
    title = serializers.CharField()
    estimated_duration_hours = serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=False
    )


def _milestones(path) -> list:
    return list(path.milestones.all())


class PathOut(serializers.Serializer):
    id = serializers.UUIDField()
    subcategory = PathSubcategoryOut()
    status = serializers.CharField()
    current_step = serializers.IntegerField()
    total_steps = serializers.IntegerField()
    completion_percentage = serializers.IntegerField()
    milestones_completed = serializers.SerializerMethodField()
    next_milestone = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_milestones_completed(self, path) -> MilestoneDoneOut(many=True):
        return MilestoneDoneOut([m for m in _milestones(path) if m.completed_at], many=True).data

    def get_next_milestone(self, path) -> NextMilestoneOut(allow_null=True):
        upcoming = [m for m in _milestones(path) if m.step == path.current_step]
        return NextMilestoneOut(upcoming[0]).data if upcoming else None


class SuggestedOpportunityOut(serializers.Serializer):
    opportunity = OpportunityOut()
    score = serializers.FloatField()


class SuggestedMentorOut(serializers.Serializer):
    mentor_id = serializers.UUIDField(source="mentor.pk")
    full_name = serializers.CharField(source="mentor.user.display_name")
    title = serializers.CharField(source="mentor.title")
    score = serializers.FloatField()


class MilestoneOut(serializers.Serializer):
    id = serializers.UUIDField()
    step = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    difficulty = serializers.CharField()
    subject = TaxonomyRefOut(allow_null=True)
    estimated_duration_hours = serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=False
    )
    points = serializers.IntegerField()
    completed_at = serializers.DateTimeField(allow_null=True)
    suggested_opportunities = SuggestedOpportunityOut(many=True)
    suggested_mentors = SuggestedMentorOut(many=True)


class PathDetailOut(PathOut):
    milestones = MilestoneOut(many=True)


class PathCreateIn(serializers.Serializer):
    subcategory_id = serializers.UUIDField()


class CompleteMilestoneIn(serializers.Serializer):
    step = serializers.IntegerField(min_value=1, max_value=100)


class CompleteMilestoneOut(serializers.Serializer):
    milestone = MilestoneDoneOut()
    points_earned = serializers.IntegerField()
    achievements_unlocked = serializers.ListField(child=serializers.DictField())
    next_milestone = NextMilestoneOut(allow_null=True)
    completion_percentage = serializers.IntegerField()
