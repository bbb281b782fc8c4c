"""Mentor profiles, what they offer, their figures, favourites and staff decisions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError
from django.utils import timezone

from accounts.errors import EmailNotVerified
from accounts.services.audit import audit_entry_create
from accounts.services.profiles import skill_get_or_create
from mentors import errors
from mentors.models import (
    SLOT_DURATIONS,
    Category,
    Favorite,
    MentorProfile,
    MentorStatus,
    MentorTier,
    Schedule,
    ScheduleEntry,
    ScheduleType,
    Service,
    Subject,
)
from mentors.services._common import _fail
from mentors.services.schedules import parse_weekly_availability, schedule_replace
from messaging.services import notify

PROFILE_FIELDS = (
    "title",
    "headline",
    "bio",
    "description",
    "teaching_philosophy",
    "years_of_experience",
    "languages",
    "hourly_rate",
    "currency",
    "credit_price",
    "intro_video_url",
    "portfolio_url",
    "linkedin_url",
    "lesson_types",
    "is_accepting_bookings",
    "share_location",
    "city",
    "latitude",
    "longitude",
)
MAX_SKILLS = 30
EDITABLE_STATUSES = {
    MentorStatus.DRAFT,
    MentorStatus.REJECTED,
    MentorStatus.APPROVED,
    MentorStatus.PENDING_APPROVAL,
}


# --- profiles -----------------------------------------------------------------------------------


def _apply_profile_fields(profile: MentorProfile, data: dict[str, Any]) -> list[str]:
    changed = []
    for name in PROFILE_FIELDS:
        if name in data:
            value = data[name]
            if name == "hourly_rate" and value is not None:
                value = Decimal(str(value)).quantize(Decimal("0.01"))
                if value < 0:
                    raise _fail("hourly_rate", "The rate cannot be negative.")
            if name == "currency":
                value = str(value).upper()
            setattr(profile, name, value)
            changed.append(name)
    if profile.latitude is not None and not -90 <= profile.latitude <= 90:
        raise _fail("latitude", "Latitude is between -90 and 90.")
    if profile.longitude is not None and not -180 <= profile.longitude <= 180:
        raise _fail("longitude", "Longitude is between -180 and 180.")
    return changed


def _set_taxonomy(profile: MentorProfile, data: dict[str, Any]) -> None:
    if "categories" in data:
        ids: set = set()
        for item in data["categories"] or []:
            ids.add(str(item["category_id"]))
            ids.update(str(sub) for sub in item.get("subcategory_ids", []) or [])
        found = list(Category.objects.filter(pk__in=ids, is_active=True))
        if len(found) != len(ids):
            raise _fail("categories", "Unknown or inactive category.")
        profile.categories.set(found)
    if "subject_ids" in data:
        subject_ids = {str(s) for s in data["subject_ids"] or []}
        subjects = list(Subject.objects.filter(pk__in=subject_ids, is_active=True))
        if len(subjects) != len(subject_ids):
            raise _fail("subject_ids", "Unknown or inactive subject.")
        profile.subjects.set(subjects)
    if "skills" in data:
        profile.skills.set(_skills_named(data["skills"] or []))


def _skills_named(names: list[str]) -> list:
    """Normalised skill rows for free-text names: "Python" and " python " are one skill."""
    found: dict = {}
    for name in names:
        if not str(name).strip():
            raise _fail("skills", "A skill cannot be blank.")
        skill = skill_get_or_create(name=str(name))
        found[skill.pk] = skill
    if len(found) > MAX_SKILLS:
        raise _fail("skills", f"At most {MAX_SKILLS} skills.")
    return list(found.values())


def mentor_apply(*, user, submit: bool = False, availability: Any = None, **data: Any) -> MentorProfile:
    """Open a draft mentor profile (Soosh upgrade-to-mentor, MentorHub apply, EduStream tutor)."""
    if not user.is_verified:
        raise EmailNotVerified()
    with transaction.atomic():
        if MentorProfile.objects.filter(user=user).exists():
            raise errors.MentorProfileExists()
        profile = MentorProfile(user=user, currency=data.get("currency") or user.currency)
        _apply_profile_fields(profile, data)
        try:
            with transaction.atomic():
                profile.save()
        except IntegrityError:  # a double-click: the other request created it first
            raise errors.MentorProfileExists() from None
        _set_taxonomy(profile, data)
        rules = (
            availability if isinstance(availability, list) else parse_weekly_availability(availability or {})
        )
        if rules:
            schedule_replace(mentor=profile, type=ScheduleType.WEEKLY, timezone=user.timezone, rules=rules)
        if submit:
            mentor_submit(mentor=profile)
    return profile


def mentor_update(*, mentor: MentorProfile, **data: Any) -> MentorProfile:
    """Edits go live at once, also on an approved profile (API.md §2, a decision)."""
    with transaction.atomic():
        changed = _apply_profile_fields(mentor, data)
        if changed:
            # The rate in the base currency follows the rate (mentors.receivers.normalize_rate).
            priced = ["hourly_rate_base"] if {"hourly_rate", "currency"} & set(changed) else []
            mentor.save(update_fields=[*changed, *priced, "updated_at"])
        _set_taxonomy(mentor, data)
    return mentor


def mentor_list_replace(*, mentor: MentorProfile, field: str, items: list[dict[str, Any]]) -> MentorProfile:
    """PUT certifications / education: replace the whole list."""
    if field not in {"certifications", "education"}:
        raise _fail(field, "Not a list of the profile.")
    setattr(mentor, field, list(items))
    with transaction.atomic():
        mentor.save(update_fields=[field, "updated_at"])
    return mentor


def missing_for_review(mentor: MentorProfile) -> list[str]:
    missing = [name for name in ("title", "bio") if not getattr(mentor, name).strip()]
    if mentor.hourly_rate is None:
        missing.append("hourly_rate")
    if not mentor.subjects.exists() and not mentor_has_skills(mentor):
        missing.append("subjects_or_skills")
    schedule = Schedule.objects.filter(mentor=mentor, is_active=True).first()
    if schedule is None or not schedule.entries.filter(kind=ScheduleEntry.Kind.RULE).exists():
        missing.append("schedule")
    return missing


def mentor_has_skills(mentor: MentorProfile) -> bool:
    skills = getattr(mentor, "skills", None)
    return bool(skills is not None and skills.exists())


def mentor_submit(*, mentor: MentorProfile) -> MentorProfile:
    with transaction.atomic():
        locked = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
        if locked.status not in {MentorStatus.DRAFT, MentorStatus.REJECTED}:
            raise errors.IllegalStatusChange(details={"status": locked.status})
        missing = missing_for_review(locked)
        if missing:
            raise errors.ProfileIncomplete(
                f"Missing: {', '.join(missing)}.",
                details={name: ["This is required for review."] for name in missing},
            )
        locked.status = MentorStatus.PENDING_APPROVAL
        locked.submitted_at = timezone.now()
        locked.rejection_reason = ""
        locked.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
    mentor.refresh_from_db()
    return mentor


# --- services (what a mentor offers) ------------------------------------------------------------


def service_create(
    *, mentor: MentorProfile, title: str, duration_minutes: int, price: Decimal, **extra: Any
) -> Service:
    if duration_minutes not in SLOT_DURATIONS:
        raise _fail("duration_minutes", f"Use one of {', '.join(map(str, SLOT_DURATIONS))}.")
    with transaction.atomic():
        return Service.objects.create(
            mentor=mentor,
            title=title,
            duration_minutes=duration_minutes,
            price=Decimal(str(price)).quantize(Decimal("0.01")),
            currency=(extra.get("currency") or mentor.currency).upper(),
            description=extra.get("description", ""),
            credit_price=extra.get("credit_price"),
            is_active=extra.get("is_active", True),
        )


def service_update(*, service: Service, **changes: Any) -> Service:
    if "duration_minutes" in changes and changes["duration_minutes"] not in SLOT_DURATIONS:
        raise _fail("duration_minutes", f"Use one of {', '.join(map(str, SLOT_DURATIONS))}.")
    if "price" in changes:
        changes["price"] = Decimal(str(changes["price"])).quantize(Decimal("0.01"))
    for name, value in changes.items():
        setattr(service, name, value)
    with transaction.atomic():
        service.save(update_fields=list(changes))
    return service


def service_delete(*, service: Service) -> bool:
    """Delete, or deactivate when bookings still point at it (they protect the row). True if deleted."""
    try:
        with transaction.atomic():
            service.delete()
        return True
    except ProtectedError:
        service.is_active = False
        service.save(update_fields=["is_active"])
        return False


# --- figures ------------------------------------------------------------------------------------


def mentor_rating_recompute(*, mentor_id, compute) -> MentorProfile:
    """Set the mentor's rating figures to what `compute()` returns, under a lock on the mentor row.

    bookings owns the reviews and calls this inside the transaction that wrote one, with its
    own aggregate as `compute`. The lock is taken before `compute` runs, so two reviews
    committing at once queue here and the second one's aggregate sees the first: the figures
    stay exact (average, total, per-star counts, per-aspect averages).
    """
    with transaction.atomic():
        locked = MentorProfile.objects.select_for_update().get(pk=mentor_id)
        figures = compute()
        locked.average_rating = Decimal(str(figures["average_rating"])).quantize(Decimal("0.01"))
        locked.total_reviews = int(figures["total_reviews"])
        locked.rating_distribution = {str(k): int(v) for k, v in figures["rating_distribution"].items()}
        locked.aspect_averages = dict(figures["aspect_averages"])
        locked.save(
            update_fields=[
                "average_rating",
                "total_reviews",
                "rating_distribution",
                "aspect_averages",
                "updated_at",
            ]
        )
    return locked


def mentor_sessions_completed_add(*, mentor_id, count: int = 1) -> None:
    """A session of the mentor was delivered (bookings calls this on completion)."""
    with transaction.atomic():
        MentorProfile.objects.filter(pk=mentor_id).update(
            total_sessions_completed=F("total_sessions_completed") + count
        )


# --- favourites ---------------------------------------------------------------------------------


def favorite_add(*, learner, mentor: MentorProfile) -> tuple[Favorite, bool]:
    with transaction.atomic():
        try:
            with transaction.atomic():
                return Favorite.objects.get_or_create(learner=learner, mentor=mentor)
        except IntegrityError:  # two taps at once: the other one created it
            return Favorite.objects.get(learner=learner, mentor=mentor), False


def favorite_remove(*, learner, mentor_id) -> None:
    with transaction.atomic():
        deleted, _ = Favorite.objects.filter(learner=learner, mentor_id=mentor_id).delete()
    if not deleted:
        raise errors.MentorProfileNotFound("This mentor is not among your favourites.")


# --- staff decisions on applications -----------------------------------------------------------
# One path for the staff API and the Django admin actions: lock, check the transition, write,
# audit, notify. The notification row is written inside this transaction (messaging.notify is
# built for that): it commits or rolls back with the decision, and its pushes and mails leave
# only after commit.


def _lock_pending(mentor: MentorProfile) -> MentorProfile:
    # The lock queues two staff members deciding on one application at once; the second one
    # then sees the first decision and gets 409 instead of overwriting it.
    locked = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
    if locked.status != MentorStatus.PENDING_APPROVAL:
        raise errors.IllegalStatusChange(
            f"Only a profile pending approval can be decided; this one is {locked.status}.",
            details={"status": locked.status},
        )
    return locked


def _decision_key(kind: str, mentor: MentorProfile) -> str:
    # One decision per submission: a resubmitted profile gets a fresh key, a retried call does not.
    submitted = mentor.submitted_at.isoformat() if mentor.submitted_at else "never"
    return f"mentor-application:{mentor.pk}:{submitted}:{kind}"


def mentor_approve(*, mentor: MentorProfile, actor, tier: str | None = None, request=None) -> MentorProfile:
    """pending_approval → approved: verified, optionally tiered, and the account gains the mentor role."""
    if tier is not None and tier not in MentorTier.values:
        raise _fail("mentor_tier", f"Use one of: {', '.join(MentorTier.values)}.")
    with transaction.atomic():
        locked = _lock_pending(mentor)
        locked.status = MentorStatus.APPROVED
        locked.is_verified = True
        locked.approved_at = timezone.now()
        locked.rejection_reason = ""
        fields = ["status", "is_verified", "approved_at", "rejection_reason", "updated_at"]
        if tier is not None:
            locked.mentor_tier = tier
            fields.append("mentor_tier")
        locked.save(update_fields=fields)
        user = locked.user
        if not user.is_mentor:
            user.is_mentor = True
            user.save(update_fields=["is_mentor", "updated_at"])
        audit_entry_create(
            actor=actor,
            action="mentor.approve",
            target=locked,
            details={"mentor_tier": locked.mentor_tier, "user_id": user.pk},
            request=request,
        )
        notify(
            user=user,
            type="mentor_application_approved",
            title="Your mentor profile is approved",
            body="Learners can now find you and book your time.",
            action_url="/mentors/me",
            data={"mentor_id": locked.pk, "mentor_tier": locked.mentor_tier},
            dedupe_key=_decision_key("approved", locked),
        )
    return locked


def mentor_reject(*, mentor: MentorProfile, actor, reason: str, request=None) -> MentorProfile:
    """pending_approval → rejected with a reason the applicant reads; they may edit and resubmit."""
    reason = (reason or "").strip()
    if not reason:
        raise _fail("rejection_reason", "Say why, so the applicant can fix it.")
    with transaction.atomic():
        locked = _lock_pending(mentor)
        locked.status = MentorStatus.REJECTED
        locked.rejection_reason = reason
        locked.is_verified = False
        locked.save(update_fields=["status", "rejection_reason", "is_verified", "updated_at"])
        audit_entry_create(
            actor=actor,
            action="mentor.reject",
            target=locked,
            details={"rejection_reason": reason, "user_id": locked.user_id},
            request=request,
        )
        notify(
            user=locked.user,
            type="mentor_application_rejected",
            title="Your mentor application needs changes",
            body=reason,
            action_url="/mentors/me",
            data={"mentor_id": locked.pk, "rejection_reason": reason},
            dedupe_key=_decision_key("rejected", locked),
        )
    return locked
