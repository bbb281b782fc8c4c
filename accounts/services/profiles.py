"""The account's own profile: personal details, learner profile, skills and active mode."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction

from accounts import errors, reference, taxonomy
from accounts.models import (
    LearnerProfile,
    Mode,
    ProficiencyLevel,
    Skill,
    SkillSource,
    User,
    UserSkill,
)
from accounts.services.auth import split_name, username_in_use
from core.errors import NotFound, ValidationFailed

EDITABLE_FIELDS = (
    "full_name",
    "first_name",
    "last_name",
    "username",
    "bio",
    "phone",
    "location",
    "timezone",
    "currency",
    "preferred_language",
    "onboarding_completed",
)
LOCATION_KEYS = ("city", "country", "lat", "lng")
MAX_INTERESTS = 20


def _refuse(problems: dict[str, Any]) -> None:
    """VALIDATION_ERROR naming every bad field (a nested dict for `location`'s keys)."""
    if problems:
        name, messages = next(iter(problems.items()))
        if isinstance(messages, dict):
            key, messages = next(iter(messages.items()))
            name = f"{name}.{key}"
        raise ValidationFailed(f"{name}: {messages[0]}", details=problems)


def _clean_location(user: User, location: dict[str, Any] | None, problems: dict[str, Any]) -> dict[str, Any]:
    """Merge a partial location into the stored one; None clears it."""
    if location is None:
        return {"location_city": "", "location_country": "", "location_lat": None, "location_lng": None}
    bad: dict[str, list[str]] = {}
    unknown = set(location) - set(LOCATION_KEYS)
    for key in sorted(unknown):
        bad[key] = ["Unknown key: use city, country, lat and lng."]
    merged = {**user.location, **{key: location[key] for key in LOCATION_KEYS if key in location}}
    fields: dict[str, Any] = {"location_city": (merged["city"] or "").strip()[:100]}
    country = merged["country"] or ""
    if country:
        code = reference.normalize_country(country)
        if code is None:
            bad["country"] = ["Use an ISO 3166-1 alpha-2 country code, e.g. DE."]
        country = code or ""
    fields["location_country"] = country
    lat, lng = merged["lat"], merged["lng"]
    if (lat is None) != (lng is None):
        bad["lat" if lat is None else "lng"] = ["Give lat and lng together, or neither."]
    if lat is not None and not -90 <= lat <= 90:
        bad["lat"] = ["Latitude is between -90 and 90."]
    if lng is not None and not -180 <= lng <= 180:
        bad["lng"] = ["Longitude is between -180 and 180."]
    if bad:
        problems["location"] = bad
        return {}
    fields["location_lat"] = None if lat is None else _degrees(lat)
    fields["location_lng"] = None if lng is None else _degrees(lng)
    return fields


def _degrees(value: Any) -> Decimal:
    # str() first: Decimal(52.52) would carry the float's binary error into the database.
    return Decimal(str(value)).quantize(Decimal("0.000001"))


def user_update(*, user: User, **changes: Any) -> User:
    """Edit your own account. Values are checked against the real lists (accounts.reference);
    on any problem nothing is saved and every bad field is named."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationFailed(details={name: ["This field cannot be changed."] for name in sorted(unknown)})
    problems: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for name in ("full_name", "first_name", "last_name", "bio", "onboarding_completed"):
        if name in changes:
            value = changes[name]
            fields[name] = value.strip() if isinstance(value, str) else value
    if "username" in changes:
        fields["username"] = (changes["username"] or "").strip() or None
    if "timezone" in changes:
        fields["timezone"] = reference.normalize_time_zone(changes["timezone"])
        if fields["timezone"] is None:
            problems["timezone"] = ["Use an IANA time zone name, e.g. Europe/Berlin."]
    if "currency" in changes:
        fields["currency"] = reference.normalize_currency(changes["currency"])
        if fields["currency"] is None:
            problems["currency"] = ["Use the ISO 4217 code of a currency in use, e.g. USD."]
    if "preferred_language" in changes:
        fields["preferred_language"] = reference.normalize_language(changes["preferred_language"])
        if fields["preferred_language"] is None:
            problems["preferred_language"] = ["Use an ISO 639-1 language code, e.g. en or pt-BR."]
    if "location" in changes:
        fields.update(_clean_location(user, changes["location"], problems))
    if "phone" in changes:
        raw = (changes["phone"] or "").strip()
        region = fields.get("location_country", user.location_country) or None
        fields["phone"] = reference.normalize_phone(raw, region=region) if raw else ""
        if fields["phone"] is None:
            problems["phone"] = ["Use a valid phone number in international form, e.g. +49 30 1234567."]
    _refuse(problems)
    if fields.get("username") and username_in_use(fields["username"], exclude=user):
        raise errors.UsernameTaken(details={"username": [errors.UsernameTaken.default_message]})

    if "full_name" in fields and not ({"first_name", "last_name"} & set(fields)):
        fields["first_name"], fields["last_name"] = split_name(fields["full_name"])
    elif {"first_name", "last_name"} & set(fields) and "full_name" not in fields:
        first = fields.get("first_name", user.first_name)
        last = fields.get("last_name", user.last_name)
        fields["full_name"] = f"{first} {last}".strip()

    for name, value in fields.items():
        setattr(user, name, value)
    try:
        with transaction.atomic():
            # update_fields: a concurrent edit of other fields is not overwritten.
            user.save(update_fields=[*fields, "updated_at"])
    except IntegrityError:
        user.refresh_from_db()  # drop the refused values from the caller's object
        raise errors.UsernameTaken(details={"username": [errors.UsernameTaken.default_message]}) from None
    return user


def user_switch_mode(*, user: User, mode: str) -> User:
    """Learner or mentor view. Mentor mode needs an approved mentor profile: the mentors app sets
    `is_mentor` when staff approve one, so the flag is the rule until then (API.md §1)."""
    if mode not in Mode.values:
        raise ValidationFailed.for_field("mode", f"Use one of: {', '.join(Mode.values)}.")
    if mode == Mode.MENTOR and not user.is_mentor:
        raise errors.MentorModeNotAllowed()
    if user.active_mode != mode:
        user.active_mode = mode
        with transaction.atomic():
            user.save(update_fields=["active_mode", "updated_at"])
    return user


# --- learner profile ----------------------------------------------------------------------------

LEARNER_FIELDS = ("grade_level", "school_name", "learning_goals", "interests")
LEARNER_USER_FIELDS = ("bio", "preferred_language")


def learner_profile_ensure(*, user: User) -> LearnerProfile:
    """The learner profile, made on first use for accounts that predate it (or were made by
    createsuperuser, which sends no sign-up signal)."""
    profile = LearnerProfile.objects.filter(user=user).first()
    if profile is None:
        with transaction.atomic():
            profile, _ = LearnerProfile.objects.get_or_create(user=user)
    profile.user = user
    return profile


def _clean_interests(value: Any, problems: dict[str, list[str]]) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems["interests"] = ["Give a list of short topics."]
        return []
    seen: dict[str, str] = {}
    for item in value:
        topic = " ".join(item.split())
        if not topic:
            continue
        if len(topic) > 50:
            problems["interests"] = ["Each interest is at most 50 characters."]
        seen.setdefault(topic.casefold(), topic)
    if len(seen) > MAX_INTERESTS:
        problems["interests"] = [f"At most {MAX_INTERESTS} interests."]
    return list(seen.values())


def learner_profile_update(*, user: User, **changes: Any) -> LearnerProfile:
    """Edit the learner profile; bio and preferred language are the account's and change there too."""
    unknown = set(changes) - set(LEARNER_FIELDS) - set(LEARNER_USER_FIELDS)
    if unknown:
        raise ValidationFailed(
            details={name: ["This field cannot be changed here."] for name in sorted(unknown)}
        )
    problems: dict[str, list[str]] = {}
    profile_fields: dict[str, Any] = {}
    for name in ("grade_level", "school_name", "learning_goals"):
        if name in changes:
            profile_fields[name] = (changes[name] or "").strip()
    if "interests" in changes:
        profile_fields["interests"] = _clean_interests(changes["interests"], problems)
    user_fields: dict[str, Any] = {}
    if "bio" in changes:
        user_fields["bio"] = (changes["bio"] or "").strip()
    if "preferred_language" in changes:
        user_fields["preferred_language"] = reference.normalize_language(changes["preferred_language"])
        if user_fields["preferred_language"] is None:
            problems["preferred_language"] = ["Use an ISO 639-1 language code, e.g. en or pt-BR."]
    _refuse(problems)

    with transaction.atomic():
        profile, _ = LearnerProfile.objects.select_for_update().get_or_create(user=user)
        for name, value in profile_fields.items():
            setattr(profile, name, value)
        if profile_fields:
            profile.save(update_fields=[*profile_fields, "updated_at"])
        if user_fields:
            for name, value in user_fields.items():
                setattr(user, name, value)
            user.save(update_fields=[*user_fields, "updated_at"])
    profile.user = user
    return profile


# --- skills -------------------------------------------------------------------------------------


def normalize_skill_name(name: str) -> str:
    """The key that makes "Python", " python " and "ＰＹＴＨＯＮ" one skill."""
    return " ".join(unicodedata.normalize("NFKC", name).split()).casefold()


def skill_get_or_create(*, name: str) -> Skill:
    display = " ".join(unicodedata.normalize("NFKC", name).split())
    if not display:
        raise ValidationFailed.for_field("skill_name", "Give the skill's name.")
    if len(display) > 100:
        raise ValidationFailed.for_field("skill_name", "A skill name is at most 100 characters.")
    key = normalize_skill_name(display)
    skill = Skill.objects.filter(normalized_name=key).first()
    if skill is not None:
        return skill
    try:
        with transaction.atomic():
            return Skill.objects.create(name=display, normalized_name=key)
    except IntegrityError:  # created by a simultaneous request a moment ago
        return Skill.objects.get(normalized_name=key)


def user_skill_add(
    *,
    user: User,
    proficiency_level: str,
    skill_name: str | None = None,
    skill_id: UUID | None = None,
    category_id: UUID | None = None,
    source: str = SkillSource.MANUAL,
) -> UserSkill:
    if bool(skill_name) == bool(skill_id):
        raise ValidationFailed.for_field("skill_name", "Give skill_name or skill_id (one of them).")
    if proficiency_level not in ProficiencyLevel.values:
        raise ValidationFailed.for_field(
            "proficiency_level", f"Use one of: {', '.join(ProficiencyLevel.values)}."
        )
    if source not in SkillSource.values:
        raise ValidationFailed.for_field("source", f"Use one of: {', '.join(SkillSource.values)}.")
    with transaction.atomic():
        if skill_id:
            skill = Skill.objects.filter(pk=skill_id).first()
            if skill is None:
                raise ValidationFailed.for_field("skill_id", "No skill has this id.")
        else:
            skill = skill_get_or_create(name=skill_name or "")
        if category_id:
            try:
                category_id = UUID(str(category_id))
            except ValueError:
                raise ValidationFailed.for_field("category_id", "No category has this id.") from None
            if category_id not in taxonomy.category_names([category_id]):
                raise ValidationFailed.for_field("category_id", "No category has this id.")
        try:
            with transaction.atomic():
                row = UserSkill.objects.create(
                    user=user,
                    skill=skill,
                    category_id=category_id or None,
                    proficiency_level=proficiency_level,
                    source=source,
                )
        except IntegrityError:
            raise errors.SkillAlreadyAdded(details={"skill_id": str(skill.pk)}) from None
    return row


def user_skill_remove(*, user: User, user_skill_id: UUID) -> None:
    with transaction.atomic():
        # Scoped to the owner: another person's row is "not found", never "forbidden".
        deleted, _ = UserSkill.objects.filter(pk=user_skill_id, user=user).delete()
    if not deleted:
        raise NotFound("You have no skill with this id.")
