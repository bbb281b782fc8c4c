from __future__ import annotations

import uuid
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.templatetags.static import static
from django.utils import timezone as dj_timezone

from accounts.storage import avatar_storage


@lru_cache(maxsize=4)
def _default_avatar_url(static_url: str) -> str:
    """The default picture's URL, worked out once per static URL (a page of twenty cards asked
    the static files storage twenty times)."""
    return static("img/default-avatar.svg")


class Persona(models.TextChoices):
    """Soosh's user_type, kept as `persona` (API.md §1): steers onboarding, never grants roles."""

    BEGINNER = "beginner", "Beginner"
    MID_LEVEL = "mid_level", "Mid-level"
    EXPERIENCED = "experienced", "Experienced"
    STAY_AT_HOME = "stay_at_home", "Stay-at-home"
    DISABLED = "disabled", "Person with a disability"


class Membership(models.TextChoices):
    FREE = "free", "Free"
    PRO = "pro", "Pro"


class Mode(models.TextChoices):
    LEARNER = "learner", "Learner"
    MENTOR = "mentor", "Mentor"


class Role(models.TextChoices):
    LEARNER = "learner", "Learner"
    MENTOR = "mentor", "Mentor"
    STAFF = "staff", "Staff"


class UserQuerySet(models.QuerySet):
    """Every list of people goes through `live()`: a soft-deleted account vanishes everywhere
    (API.md §1). Later apps filter their own rows with `user__deleted_at__isnull=True` or
    `user__in=User.objects.live()`."""

    def live(self) -> UserQuerySet:
        """Accounts that have not been soft-deleted."""
        return self.filter(deleted_at__isnull=True)

    def deleted(self) -> UserQuerySet:
        """Soft-deleted accounts, purged or not."""
        return self.filter(deleted_at__isnull=False)

    def purgeable(self, *, deleted_before) -> UserQuerySet:
        """Soft-deleted before the cut-off and not yet anonymised."""
        return self.filter(deleted_at__lte=deleted_before, purged_at__isnull=True)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra) -> User:
        extra.update(is_staff=True, is_superuser=True, is_verified=True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """One account per person; every account is a learner (API.md §0, Roles)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Stored lower-cased (see save), so a plain unique index makes e-mail unique whatever its case.
    email = models.EmailField("e-mail address", max_length=254, unique=True)
    username = models.CharField(max_length=150, null=True, blank=True)
    full_name = models.CharField(max_length=200, blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    persona = models.CharField(max_length=20, choices=Persona.choices, default=Persona.BEGINNER)
    membership = models.CharField(max_length=10, choices=Membership.choices, default=Membership.FREE)
    # Set by the mentors app when staff approve a mentor profile; it grants the mentor role.
    is_mentor = models.BooleanField(default=False)
    # What the person said at sign-up; a mentor intention only opens a draft mentor profile.
    intended_role = models.CharField(max_length=10, choices=Mode.choices, default=Mode.LEARNER)
    active_mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.LEARNER)
    timezone = models.CharField(max_length=64, default="UTC")
    currency = models.CharField(max_length=3, default="USD")
    preferred_language = models.CharField(max_length=16, default="en")
    bio = models.TextField(max_length=2000, blank=True)
    # E.164 (+4930123456), normalised by the service with phonenumbers.
    phone = models.CharField(max_length=20, blank=True)
    location_city = models.CharField(max_length=100, blank=True)
    location_country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    # Degrees, six decimals (about 10 cm); Decimal so a round trip never drifts.
    location_lat = models.DecimalField(max_digits=8, decimal_places=6, null=True, blank=True)
    location_lng = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # Stored re-encoded by accounts.services (never the uploaded bytes), in avatar_storage.
    avatar = models.ImageField(upload_to="avatars/%Y/%m/", blank=True, storage=avatar_storage)
    avatar_uploaded_at = models.DateTimeField(null=True, blank=True)
    is_verified = models.BooleanField(default=False)
    onboarding_completed = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=dj_timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Set when the purge anonymised the account; from then on it can never be restored.
    purged_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["-date_joined"]
        constraints = [
            # Usernames keep their case for display but are unique whatever the case.
            models.UniqueConstraint(
                Lower("username"),
                name="user_username_ci_unique",
                condition=models.Q(username__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["deleted_at"], name="user_deleted_at_idx"),
            # The staff dashboard (analytics): sign-ups per month, the newest sign-ups.
            models.Index(fields=["date_joined"], name="user_date_joined_idx"),
        ]

    def __str__(self) -> str:
        return self.email

    def save(self, *args, **kwargs) -> None:
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def roles(self) -> list[str]:
        roles = [Role.LEARNER.value]
        if self.is_mentor:
            roles.append(Role.MENTOR.value)
        if self.is_staff:
            roles.append(Role.STAFF.value)
        return roles

    @property
    def avatar_url(self) -> str:
        """The uploaded picture, or the default one (API.md §1: every user has one picture)."""
        if self.avatar:
            return self.avatar.url
        return _default_avatar_url(settings.STATIC_URL)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def location(self) -> dict:
        return {
            "city": self.location_city,
            "country": self.location_country,
            "lat": self.location_lat,
            "lng": self.location_lng,
        }

    @property
    def display_name(self) -> str:
        return self.full_name or self.username or self.email.split("@")[0]

    @property
    def public_name(self) -> str:
        """The name a stranger may see: never derived from the e-mail address ("" without one)."""
        return self.full_name or self.username or ""

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name or self.display_name


class RefreshTokenRotation(models.Model):
    """A refresh token that was spent on a refresh. Presenting it again is reuse (API.md §1).

    A token revoked by logout or a password change is blacklisted but has no row here, so a
    device that simply missed the news gets a plain 401 instead of signing everyone out.
    """

    token = models.OneToOneField(
        "token_blacklist.OutstandingToken", on_delete=models.CASCADE, related_name="rotation"
    )
    rotated_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"rotation of {self.token_id}"


class GradeLevel(models.TextChoices):
    PRIMARY = "primary", "Primary school"
    MIDDLE_SCHOOL = "middle_school", "Middle school"
    HIGH_SCHOOL = "high_school", "High school"
    UNDERGRADUATE = "undergraduate", "Undergraduate"
    GRADUATE = "graduate", "Graduate"
    PROFESSIONAL = "professional", "Working professional"
    OTHER = "other", "Other"


class LearnerProfile(models.Model):
    """What a learner tells mentors about their learning (EduStream's student profile).

    Bio, preferred language and time zone are the account's own fields, shown here too, so a
    person has one of each. Created at sign-up (accounts.receivers) or on first use.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="learner_profile"
    )
    grade_level = models.CharField(max_length=20, choices=GradeLevel.choices, blank=True)
    school_name = models.CharField(max_length=200, blank=True)
    learning_goals = models.TextField(max_length=2000, blank=True)
    interests = models.JSONField(default=list, blank=True, help_text="Short topics, e.g. ['python', 'chess']")
    # Kept by the bookings app when a session completes; never edited by the learner.
    total_sessions = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"learner profile of {self.user_id}"


class Skill(models.Model):
    """A normalised skill tag: "Python", " python " and "PYTHON" are one skill."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, help_text="As first written, for display")
    normalized_name = models.CharField(max_length=100, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProficiencyLevel(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"
    EXPERT = "expert", "Expert"


class SkillSource(models.TextChoices):
    MANUAL = "manual", "Added by the user"
    AI_PROFILING = "ai_profiling", "From the onboarding interview"
    SESSION = "session", "From a session"


class UserSkill(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="user_skills")
    # A category of the mentors app's taxonomy, by id (see accounts.taxonomy for why not a FK).
    category_id = models.UUIDField(null=True, blank=True)
    proficiency_level = models.CharField(max_length=20, choices=ProficiencyLevel.choices)
    source = models.CharField(max_length=20, choices=SkillSource.choices, default=SkillSource.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One row per person and skill: a second add is a 409, even when two race.
            models.UniqueConstraint(fields=["user", "skill"], name="user_skill_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.skill_id} ({self.proficiency_level})"


class AuditEntry(models.Model):
    """Who did what to which object, from where (API.md §1). Written by
    accounts.services.audit_entry_create in the same transaction as the change it records;
    never edited afterwards."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Empty for the system (a beat task); kept as a plain reference when the actor is purged.
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit_entries"
    )
    action = models.CharField(max_length=64, help_text="<thing>.<verb>, e.g. user.soft_delete")
    target_type = models.CharField(max_length=64, blank=True, help_text="app_label.model, e.g. accounts.user")
    target_id = models.CharField(max_length=64, blank=True)
    details = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=dj_timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["action", "-created_at"], name="audit_action_idx"),
            models.Index(fields=["target_type", "target_id"], name="audit_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"


# The onboarding interview and the AI profile (issue 18), and resumes and the portfolio, each in
# its own module; imported here so Django registers them with the accounts app.
from accounts.models_portfolio import *  # noqa: E402, F401, F403
from accounts.models_profiling import *  # noqa: E402, F401, F403
