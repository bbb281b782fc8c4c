"""Mentor cards, public and private profiles, applications, services, reviews and staff rows."""

from __future__ import annotations

from django.utils.text import slugify
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField

from accounts import reference
from core.money import MoneyIn, MoneyOut, flatten_money, money_out
from mentors import extensions, selectors, services
from mentors.api.serializers.common import (
    DURATION_CHOICES,
    SkillOut,
    SlotBriefOut,
    StrictInput,
    SubjectBriefOut,
    UserBriefOut,
    moment,
)
from mentors.api.serializers.schedules import AvailabilityField
from mentors.api.serializers.taxonomy import SubjectOut
from mentors.models import LessonType, MentorStatus, MentorTier

RECENT_REVIEWS = 5


class MentorCardOut(serializers.Serializer):
    """A mentor in a list. Needs `cards` (mentors.search.CardContext) in the context.

    The fields document the card; `to_representation` builds the card's own fields by hand
    (`card_data`), since DRF's field-by-field rendering cost more than the search itself, and
    renders the fields a subclass adds (distance, added_at, the full profile) the usual way."""

    id = serializers.UUIDField()
    user = UserBriefOut()
    title = serializers.CharField()
    headline = serializers.CharField()
    skills = SkillOut(many=True, source="skills.all")
    subjects = SubjectBriefOut(many=True, source="subjects.all")
    hourly_rate = MoneyOut(allow_null=True, help_text="What is charged, in the mentor's currency.")
    hourly_rate_approx = serializers.SerializerMethodField()
    credit_price = serializers.IntegerField(allow_null=True, help_text="Credits per hour.")
    years_of_experience = serializers.IntegerField()
    languages = serializers.ListField(child=serializers.CharField())
    lesson_types = serializers.ListField(child=serializers.ChoiceField(choices=LessonType.choices))
    average_rating = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False)
    total_reviews = serializers.IntegerField()
    total_sessions_completed = serializers.IntegerField()
    mentor_tier = serializers.ChoiceField(choices=MentorTier.choices)
    is_verified = serializers.BooleanField()
    is_online = serializers.SerializerMethodField()
    next_available_slot = serializers.SerializerMethodField()
    is_favorite = serializers.SerializerMethodField()

    def _cards(self):
        return self.context["cards"]

    def get_is_online(self, mentor) -> bool:
        return mentor.user_id in self._cards().online_user_ids

    @extend_schema_field(
        MoneyOut(
            allow_null=True,
            help_text="About what the hourly rate comes to in the viewer's currency (the exchange-rate "
            "table's rate); null in the mentor's own currency or without a rate.",
        )
    )
    def get_hourly_rate_approx(self, mentor) -> dict | None:
        return money_out(self._cards().approximate_rate(mentor))

    @extend_schema_field(SlotBriefOut(allow_null=True))
    def get_next_available_slot(self, mentor) -> dict | None:
        slot = self._cards().next_slots.get(mentor.pk)
        return None if slot is None else SlotBriefOut(slot).data

    @extend_schema_field(serializers.BooleanField(allow_null=True, help_text="null when not signed in."))
    def get_is_favorite(self, mentor) -> bool | None:
        favorites = self._cards().favorite_ids
        return None if favorites is None else mentor.pk in favorites

    def to_representation(self, instance):
        data = card_data(instance, self._cards())
        if data.keys() >= type(self)._declared_fields.keys():
            return data  # nothing to add: `self.fields` (a deep copy of every field) is never built
        for field in self._readable_fields:
            if field.field_name in data:
                continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            data[field.field_name] = None if attribute is None else field.to_representation(attribute)
        return data


_RATING = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False)


def _tags(mentor, name: str):
    """A prefetched many-to-many list as it is, without building a related manager per card and
    tag kind (`mentor.skills.all()` costs a manager and a queryset clone each time, about a
    tenth of a search page's Python time); falls back to the manager when not prefetched."""
    prefetched = getattr(mentor, "_prefetched_objects_cache", None) or {}
    if name in prefetched:
        return prefetched[name]
    return getattr(mentor, name).all()


def card_data(mentor, cards) -> dict:
    """A card as MentorCardOut documents it, built straight from the mentor and the page's facts
    (tests/mentors/test_cards.py holds it equal to DRF's own rendering of the same fields)."""
    user = mentor.user
    slot = cards.next_slots.get(mentor.pk)
    favorites = cards.favorite_ids
    tags = cards.tags.get(mentor.pk)
    if tags is None:
        tags = selectors.CardTags(
            skills=[(k.pk, k.name, slugify(k.name)) for k in _tags(mentor, "skills")],
            subjects=[(k.pk, k.name, k.slug) for k in _tags(mentor, "subjects")],
        )
    return {
        "id": str(mentor.pk),
        "user": {
            "id": str(user.pk),
            "full_name": user.full_name,
            "username": user.username,
            "avatar_url": user.avatar_url,
        },
        "title": mentor.title,
        "headline": mentor.headline,
        "skills": [{"id": str(pk), "name": name, "slug": slug} for pk, name, slug in tags.skills],
        "subjects": [{"id": str(pk), "name": name, "slug": slug} for pk, name, slug in tags.subjects],
        "hourly_rate": money_out(mentor.hourly_rate, mentor.currency),
        "hourly_rate_approx": money_out(cards.approximate_rate(mentor)),
        "credit_price": mentor.credit_price,
        "years_of_experience": mentor.years_of_experience,
        "languages": list(mentor.languages),
        "lesson_types": list(mentor.lesson_types),
        "average_rating": _RATING.to_representation(mentor.average_rating),
        "total_reviews": mentor.total_reviews,
        "total_sessions_completed": mentor.total_sessions_completed,
        "mentor_tier": mentor.mentor_tier,
        "is_verified": mentor.is_verified,
        "is_online": mentor.user_id in cards.online_user_ids,
        "next_available_slot": None
        if slot is None
        else {
            "id": slot.id,
            "start_at": moment(slot.start_at),
            "end_at": moment(slot.end_at),
            "duration_minutes": slot.duration_minutes,
        },
        "is_favorite": None if favorites is None else mentor.pk in favorites,
    }


class MentorProximityCardOut(MentorCardOut):
    distance_km = serializers.SerializerMethodField()
    city = serializers.CharField()

    def get_distance_km(self, mentor) -> float:
        return round(mentor.distance_km, 2)


class FavoriteCardOut(MentorCardOut):
    added_at = serializers.DateTimeField()


class FavoriteIn(StrictInput):
    mentor_id = serializers.UUIDField()


class CategoryRefOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    parent_id = serializers.UUIDField(allow_null=True)


class ServiceOut(serializers.Serializer):
    id = serializers.UUIDField()
    title = serializers.CharField()
    description = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    price = MoneyOut()
    credit_price = serializers.IntegerField(allow_null=True)
    is_active = serializers.BooleanField()


class CertificationItem(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True, default=None
    )
    credential_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")


class EducationItem(serializers.Serializer):
    degree = serializers.CharField(max_length=200)
    institution = serializers.CharField(max_length=200)
    year = serializers.IntegerField(
        min_value=1900, max_value=2100, required=False, allow_null=True, default=None
    )


class ReviewerOut(serializers.Serializer):
    name = serializers.CharField(source="display_name")
    avatar_url = serializers.CharField()


class ReviewOut(serializers.Serializer):
    """A public review (the bookings app's rows, listed through mentors.extensions)."""

    id = serializers.UUIDField()
    booking_id = serializers.UUIDField()
    reviewer = ReviewerOut()
    rating = serializers.IntegerField(min_value=1, max_value=5)
    text = serializers.CharField()
    aspects = serializers.DictField(child=serializers.IntegerField(min_value=1, max_value=5))
    skills_learned = serializers.ListField(child=serializers.CharField())
    mentor_response = serializers.SerializerMethodField()
    responded_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_mentor_response(self, review) -> str | None:
        return review.mentor_response or None


class ReviewsSummaryOut(serializers.Serializer):
    average_rating = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False)
    total_reviews = serializers.IntegerField()
    rating_distribution = serializers.DictField(
        child=serializers.IntegerField(), help_text='Reviews per star: {"1": 0, …, "5": 0}.'
    )
    aspect_averages = serializers.DictField(
        child=serializers.FloatField(allow_null=True), help_text="Per aspect; null while nobody rated it."
    )


class MentorDetailOut(MentorCardOut):
    """The full public profile. Needs `cards` and `next_slots` in the context."""

    bio = serializers.CharField()
    description = serializers.CharField()
    teaching_philosophy = serializers.CharField()
    education = EducationItem(many=True)
    certifications = CertificationItem(many=True)
    intro_video_url = serializers.CharField()
    portfolio_url = serializers.CharField()
    linkedin_url = serializers.CharField()
    categories = CategoryRefOut(many=True, source="categories.all")
    services = ServiceOut(many=True, source="active_services")
    packages = serializers.SerializerMethodField()
    reviews_summary = serializers.SerializerMethodField()
    recent_reviews = serializers.SerializerMethodField()
    timezone = serializers.SerializerMethodField()
    next_slots = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.ListField(child=serializers.DictField(), help_text="Session packages (payments).")
    )
    def get_packages(self, mentor) -> list:
        # Packages are sold by the payments app, which registers how to list them.
        return extensions.packages_for(mentor)

    @extend_schema_field(ReviewsSummaryOut)
    def get_reviews_summary(self, mentor) -> dict:
        return ReviewsSummaryOut(selectors.mentor_reviews_summary(mentor=mentor)).data

    @extend_schema_field(ReviewOut(many=True))
    def get_recent_reviews(self, mentor) -> list:
        # The five newest public reviews, listed by the bookings app (mentors.extensions).
        return ReviewOut(list(extensions.reviews_for(mentor)[:RECENT_REVIEWS]), many=True).data

    def get_timezone(self, mentor) -> str:
        schedule = getattr(mentor, "schedule", None)
        return schedule.timezone if schedule is not None else mentor.user.timezone

    @extend_schema_field(SlotBriefOut(many=True))
    def get_next_slots(self, mentor) -> list:
        return SlotBriefOut(self.context["next_slots"], many=True).data


class MentorMeOut(serializers.Serializer):
    """Your own profile in any status, private fields included."""

    id = serializers.UUIDField()
    user = UserBriefOut()
    status = serializers.ChoiceField(choices=MentorStatus.choices)
    rejection_reason = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    title = serializers.CharField()
    headline = serializers.CharField()
    bio = serializers.CharField()
    description = serializers.CharField()
    teaching_philosophy = serializers.CharField()
    years_of_experience = serializers.IntegerField()
    languages = serializers.ListField(child=serializers.CharField())
    hourly_rate = MoneyOut(allow_null=True)
    credit_price = serializers.IntegerField(allow_null=True)
    intro_video_url = serializers.CharField()
    portfolio_url = serializers.CharField()
    linkedin_url = serializers.CharField()
    lesson_types = serializers.ListField(child=serializers.ChoiceField(choices=LessonType.choices))
    certifications = CertificationItem(many=True)
    education = EducationItem(many=True)
    skills = SkillOut(many=True, source="skills.all")
    subjects = SubjectOut(many=True, source="subjects.all")
    categories = CategoryRefOut(many=True, source="categories.all")
    is_accepting_bookings = serializers.BooleanField()
    payouts_enabled = serializers.SerializerMethodField()
    mentor_tier = serializers.ChoiceField(choices=MentorTier.choices)
    is_verified = serializers.BooleanField()
    share_location = serializers.BooleanField()
    city = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    average_rating = serializers.DecimalField(max_digits=3, decimal_places=2, coerce_to_string=False)
    total_reviews = serializers.IntegerField()
    total_sessions_completed = serializers.IntegerField()
    missing_for_review = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(
        serializers.ListField(
            child=serializers.CharField(),
            help_text="What POST /mentors/me/submit still asks for; empty when ready.",
        )
    )
    def get_missing_for_review(self, mentor) -> list[str]:
        return services.missing_for_review(mentor)

    def get_payouts_enabled(self, mentor) -> bool:
        # Payout accounts live in the payments app, which registers how to read them.
        return extensions.payouts_enabled(mentor)


class CategoryPickIn(serializers.Serializer):
    category_id = serializers.UUIDField()
    subcategory_ids = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, max_length=20
    )

    def validate(self, attrs):
        # A PATCH parses partially, and DRF lets `partial` skip required fields of nested items
        # too: a pick without its category was a KeyError (a 500).
        if "category_id" not in attrs:
            raise serializers.ValidationError({"category_id": ["This field is required."]})
        return attrs


class MentorProfileFieldsIn(StrictInput):
    title = serializers.CharField(max_length=120, required=False, allow_blank=True)
    headline = serializers.CharField(max_length=200, required=False, allow_blank=True)
    bio = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    teaching_philosophy = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    years_of_experience = serializers.IntegerField(min_value=0, max_value=80, required=False)
    languages = serializers.ListField(
        child=serializers.CharField(max_length=16),
        required=False,
        max_length=20,
        help_text="ISO 639-1 codes.",
    )
    skills = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=30, help_text="Skill names."
    )
    categories = CategoryPickIn(many=True, required=False)
    subject_ids = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=50)
    hourly_rate = MoneyIn(required=False, allow_null=True)
    credit_price = serializers.IntegerField(min_value=1, max_value=100000, required=False, allow_null=True)
    intro_video_url = serializers.URLField(max_length=200, required=False, allow_blank=True)
    portfolio_url = serializers.URLField(max_length=200, required=False, allow_blank=True)
    linkedin_url = serializers.URLField(max_length=200, required=False, allow_blank=True)
    lesson_types = serializers.ListField(
        child=serializers.ChoiceField(choices=LessonType.choices), required=False, max_length=len(LessonType)
    )
    is_accepting_bookings = serializers.BooleanField(required=False)
    share_location = serializers.BooleanField(required=False)
    city = serializers.CharField(max_length=120, required=False, allow_blank=True)
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)

    def validate_languages(self, value):
        codes = []
        for raw in value:
            code = reference.normalize_language(raw)
            if code is None:
                raise serializers.ValidationError(f"{raw!r} is not an ISO 639-1 language code.")
            if code not in codes:
                codes.append(code)
        return codes

    def validate_lesson_types(self, value):
        return list(dict.fromkeys(value))

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if ("latitude" in attrs or "longitude" in attrs) and (attrs.get("latitude") is None) != (
            attrs.get("longitude") is None
        ):
            raise serializers.ValidationError({"latitude": ["Give latitude and longitude together."]})
        if "categories" in attrs:
            attrs["categories"] = [dict(item) for item in attrs["categories"]]
        return flatten_money(attrs, "hourly_rate")


class MentorApplyIn(MentorProfileFieldsIn):
    availability = AvailabilityField(required=False, help_text="Weekly hours in your account's time zone.")
    submit = serializers.BooleanField(
        required=False, default=False, help_text="true: straight to pending_approval."
    )


class MentorPatchIn(MentorProfileFieldsIn):
    pass


class SubjectsOut(serializers.Serializer):
    subjects = SubjectOut(many=True)


class SubjectIdsIn(StrictInput):
    subject_ids = serializers.ListField(child=serializers.UUIDField(), max_length=50)


class CertificationsIn(StrictInput):
    certifications = CertificationItem(many=True, max_length=50)


class EducationIn(StrictInput):
    education = EducationItem(many=True, max_length=30)


class ServiceCreateIn(StrictInput):
    title = serializers.CharField(max_length=120)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    duration_minutes = serializers.ChoiceField(choices=DURATION_CHOICES)
    price = MoneyIn()
    credit_price = serializers.IntegerField(min_value=1, max_value=100000, required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False, default=True)

    def validate(self, attrs):
        return flatten_money(super().validate(attrs), "price")


class ServicePatchIn(StrictInput):
    title = serializers.CharField(max_length=120, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    duration_minutes = serializers.ChoiceField(choices=DURATION_CHOICES, required=False)
    price = MoneyIn(required=False)
    credit_price = serializers.IntegerField(min_value=1, max_value=100000, required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)

    def validate(self, attrs):
        return flatten_money(super().validate(attrs), "price")


class StaffUserOut(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    full_name = serializers.CharField(source="display_name")
    username = serializers.CharField(allow_null=True)
    avatar_url = serializers.CharField()


class StaffMentorOut(serializers.Serializer):
    id = serializers.UUIDField()
    user = StaffUserOut()
    status = serializers.ChoiceField(choices=MentorStatus.choices)
    rejection_reason = serializers.CharField()
    title = serializers.CharField()
    headline = serializers.CharField()
    bio = serializers.CharField()
    hourly_rate = MoneyOut(allow_null=True)
    years_of_experience = serializers.IntegerField()
    languages = serializers.ListField(child=serializers.CharField())
    skills = SkillOut(many=True, source="skills.all")
    subjects = SubjectBriefOut(many=True, source="subjects.all")
    mentor_tier = serializers.ChoiceField(choices=MentorTier.choices)
    is_verified = serializers.BooleanField()
    is_accepting_bookings = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class StaffApproveIn(StrictInput):
    mentor_tier = serializers.ChoiceField(choices=MentorTier.choices, required=False)


class StaffRejectIn(StrictInput):
    rejection_reason = serializers.CharField(max_length=2000)
