from __future__ import annotations

import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.templatetags.static import static
from django.db.models.functions import Lower
from django.utils import timezone as dj_timezone


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


class UserManager(BaseUserManager["User"]):
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

    def live(self) -> models.QuerySet[User]:
        """Accounts that have not been soft-deleted."""
        return self.filter(deleted_at__isnull=True)


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
    avatar = models.ImageField(upload_to="avatars/%Y/%m/", blank=True)
    is_verified = models.BooleanField(default=False)
    onboarding_completed = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=dj_timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

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
        indexes = [models.Index(fields=["deleted_at"], name="user_deleted_at_idx")]

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
        return static("img/default-avatar.svg")

    @property
    def display_name(self) -> str:
        return self.full_name or self.username or self.email.split("@")[0]

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
