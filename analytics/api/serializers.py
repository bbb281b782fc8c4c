"""Shapes of analytics' answers (API.md §9). The figures are built by the selectors as plain
dicts; these serializers document them in the schema and render them."""

from __future__ import annotations

import uuid

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.money import Money, MoneyOut


def as_id(value) -> str:
    """An id the UNION cast to text: SQLite keeps UUIDs as 32 hex digits, PostgreSQL with
    dashes; the API always says the dashed form."""
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return str(value)


class IdField(serializers.CharField):
    def to_representation(self, value):
        return as_id(value)


RATE_HELP = "A fraction from 0 to 1 (0.25 is a quarter)."


@extend_schema_field(MoneyOut)
class MoneyValue(serializers.Field):
    """An amount the selector already built: a Money or its API dict, rendered as the one Money
    component of the schema."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if isinstance(value, Money):
            return value.as_dict()
        return Money(value["amount"], value["currency"]).as_dict()


# --- learner dashboard ------------------------------------------------------------------------


class OverviewOut(serializers.Serializer):
    total_sessions = serializers.IntegerField(help_text="Sessions you completed as a learner")
    total_hours_learned = serializers.DecimalField(
        max_digits=10, decimal_places=1, help_text="Completed sessions plus time spent in lessons, in hours"
    )
    courses_completed = serializers.IntegerField()
    current_streak_days = serializers.IntegerField()
    total_points = serializers.IntegerField()
    level = serializers.IntegerField()


class LearningProgressOut(serializers.Serializer):
    active_paths = serializers.IntegerField()
    completion_rate = serializers.FloatField(
        help_text="Completed enrollments over those you started (dropped ones included). " + RATE_HELP
    )
    average_session_rating = serializers.FloatField(
        allow_null=True, help_text="The average of the ratings you gave your sessions"
    )


class DashboardEarningsOut(serializers.Serializer):
    this_month = serializers.ListField(
        child=MoneyValue(), help_text="Your share this calendar month, per currency"
    )
    total_sessions_given = serializers.IntegerField()
    average_rating = serializers.FloatField(allow_null=True)


class NextStepOut(serializers.Serializer):
    type = serializers.ChoiceField(choices=["milestone", "mentor", "group"])
    title = serializers.CharField()
    detail = serializers.CharField()
    id = serializers.CharField(help_text="The milestone's, mentor profile's or group's id")
    path_id = serializers.CharField(allow_null=True, required=False)


class RecommendationsOut(serializers.Serializer):
    next_steps = NextStepOut(many=True)


class DashboardOut(serializers.Serializer):
    overview = OverviewOut()
    learning_progress = LearningProgressOut()
    earnings = DashboardEarningsOut(allow_null=True, help_text="Only for users with a mentor profile")
    recommendations = RecommendationsOut()


class ActivityDataOut(serializers.Serializer):
    id = IdField(source="a_id")
    title = serializers.CharField(source="a_title", allow_null=True)
    detail = serializers.CharField(
        source="a_detail", allow_null=True, help_text="Who with, the rating or the rarity, by type"
    )


class ActivityOut(serializers.Serializer):
    type = serializers.CharField(source="a_type")
    data = ActivityDataOut(source="*")
    timestamp = serializers.DateTimeField(source="a_at")


# --- mentor statistics ------------------------------------------------------------------------


class SessionsByOutcomeOut(serializers.Serializer):
    total = serializers.IntegerField()
    completed = serializers.IntegerField()
    cancelled = serializers.IntegerField()
    no_show = serializers.IntegerField()
    no_show_learner = serializers.IntegerField()
    no_show_mentor = serializers.IntegerField()
    upcoming = serializers.IntegerField()


class RatingMonthOut(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM in your time zone")
    average_rating = serializers.FloatField(allow_null=True)
    reviews = serializers.IntegerField()


class RatingDistributionOut(serializers.Serializer):
    def get_fields(self):
        return {str(star): serializers.IntegerField() for star in range(1, 6)}


class ProfileViewsOut(serializers.Serializer):
    days = serializers.IntegerField()
    views = serializers.IntegerField()
    bookings = serializers.IntegerField()
    conversion_rate = serializers.FloatField(help_text="Bookings over profile views. " + RATE_HELP)


class ReplyTimeOut(serializers.Serializer):
    median_minutes = serializers.FloatField(allow_null=True)
    answered_conversations = serializers.IntegerField()
    unanswered_conversations = serializers.IntegerField()
    days = serializers.IntegerField()


class EarningsSummaryOut(serializers.Serializer):
    currency = serializers.CharField()
    lifetime = MoneyValue()
    this_month = MoneyValue()
    pending_payout = MoneyValue()
    available_balance = MoneyValue()


class MentorStatsOut(serializers.Serializer):
    sessions = SessionsByOutcomeOut()
    hours_taught = serializers.DecimalField(max_digits=10, decimal_places=1)
    average_rating = serializers.FloatField(allow_null=True)
    total_reviews = serializers.IntegerField()
    rating_change = serializers.FloatField(
        allow_null=True, help_text="The last 90 days' average less the 90 days before"
    )
    rating_trend = RatingMonthOut(many=True)
    rating_distribution = RatingDistributionOut()
    repeat_learner_rate = serializers.FloatField(
        help_text="Learners with two or more completed sessions over all you taught. " + RATE_HELP
    )
    learners = serializers.IntegerField()
    repeat_learners = serializers.IntegerField()
    profile_views = ProfileViewsOut()
    reply_time = ReplyTimeOut(help_text="Time to your first answer in conversations others opened")
    earnings = EarningsSummaryOut(many=True)
    timezone = serializers.CharField()


# --- staff ------------------------------------------------------------------------------------


class RevenueByCurrencyOut(serializers.Serializer):
    currency = serializers.CharField()
    net = MoneyValue()


class StaffStatsOut(serializers.Serializer):
    total_users = serializers.IntegerField()
    total_mentors = serializers.IntegerField()
    total_learners = serializers.IntegerField(help_text="Accounts that are neither mentors nor staff")
    pending_approvals = serializers.IntegerField()
    total_bookings = serializers.IntegerField(
        help_text="Booked sessions (not abandoned, declined or expired)"
    )
    revenue_this_month = MoneyValue(help_text="Net revenue in the base currency (converted)")
    revenue_this_month_by_currency = RevenueByCurrencyOut(many=True)


class DashboardPersonRef(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()


class DashboardTargetRef(serializers.Serializer):
    type = serializers.CharField()
    id = serializers.CharField()
    label = serializers.CharField(allow_null=True)


class RecentActivityOut(serializers.Serializer):
    type = serializers.CharField(source="a_type")
    actor = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="a_at")

    def get_actor(self, row) -> DashboardPersonRef:
        return {"id": as_id(row["a_actor_id"]), "name": row["a_actor"]}

    def get_target(self, row) -> DashboardTargetRef:
        return {"type": row["a_target_type"], "id": as_id(row["a_target_id"]), "label": row["a_target"]}


class UpcomingSessionOut(serializers.Serializer):
    booking_id = serializers.UUIDField(source="pk")
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    mentor = serializers.SerializerMethodField()
    learner = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()
    status = serializers.CharField()

    def get_mentor(self, booking) -> DashboardPersonRef:
        user = booking.mentor.user
        return {"id": str(booking.mentor_id), "name": user.full_name or user.email}

    def get_learner(self, booking) -> DashboardPersonRef:
        user = booking.learner
        return {"id": str(user.pk), "name": user.full_name or user.email}

    def get_subject(self, booking) -> str | None:
        return booking.subject.name if booking.subject_id else (booking.topic or None)


class SessionMetricsOut(serializers.Serializer):
    timezone = serializers.CharField()
    total_sessions = serializers.IntegerField()
    completed_sessions = serializers.IntegerField()
    cancelled_sessions = serializers.IntegerField()
    no_show_sessions = serializers.IntegerField()
    no_show_rate = serializers.FloatField(
        help_text="No-shows (either side) over sessions that were due. " + RATE_HELP
    )
    average_rating = serializers.FloatField(allow_null=True)

    def get_fields(self):
        # `from` is a Python keyword, so it cannot be declared as a class attribute.
        days = {"from": serializers.DateField(), "to": serializers.DateField()}
        return {**days, **super().get_fields()}


class DashboardNamedRef(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()


class SubjectShareOut(serializers.Serializer):
    subject = DashboardNamedRef(allow_null=True)
    category = DashboardNamedRef(allow_null=True)
    bookings = serializers.IntegerField()
    share = serializers.FloatField(help_text=RATE_HELP)


class RevenueMonthOut(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM in the staff member's time zone")
    gross = MoneyValue()
    refunds = MoneyValue()
    platform_fees = MoneyValue()
    net = MoneyValue()


class RevenueCurrencyOut(serializers.Serializer):
    currency = serializers.CharField()
    rate = serializers.CharField(allow_null=True, help_text="Units per one base unit; null without a rate")
    rate_as_of = serializers.DateField(allow_null=True, help_text="The date of the staff-kept rate")
    months = RevenueMonthOut(many=True)


class MonthlyRevenueOut(serializers.Serializer):
    months = serializers.IntegerField()
    timezone = serializers.CharField()
    base_currency = serializers.CharField()
    rates_as_of = serializers.DateField(allow_null=True, help_text="The oldest rate the total used")
    unconverted_currencies = serializers.ListField(
        child=serializers.CharField(), help_text="Currencies without a rate, left out of the total"
    )
    currencies = RevenueCurrencyOut(many=True)
    total = RevenueMonthOut(many=True, help_text="Every currency with a rate, in the base currency")


class UserGrowthMonthOut(serializers.Serializer):
    month = serializers.CharField()
    new_users = serializers.IntegerField()
    new_mentors = serializers.IntegerField()
    total_users = serializers.IntegerField()


class UserGrowthOut(serializers.Serializer):
    months = serializers.IntegerField()
    timezone = serializers.CharField()
    by_month = UserGrowthMonthOut(many=True)


class MonthsIn(serializers.Serializer):
    months = serializers.IntegerField(min_value=1, max_value=24, default=6, required=False)


class PeriodIn(serializers.Serializer):
    def get_fields(self):
        return {
            "from": serializers.DateField(required=False, help_text="First day (YYYY-MM-DD), included"),
            "to": serializers.DateField(required=False, help_text="Last day (YYYY-MM-DD), included"),
        }

    def validate(self, attrs):
        if attrs.get("from") and attrs.get("to") and attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": "to must not be before from."})
        return attrs
