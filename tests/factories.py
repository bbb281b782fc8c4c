from __future__ import annotations

import factory
from allauth.account.models import EmailAddress

from accounts.models import User

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    full_name = factory.Faker("name")
    is_verified = True
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def email_address(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=obj.is_verified)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.Skill"

    name = factory.Sequence(lambda n: f"Skill {n}")
    normalized_name = factory.LazyAttribute(lambda o: o.name.casefold())


class UserSkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.UserSkill"

    user = factory.SubFactory(UserFactory)
    skill = factory.SubFactory(SkillFactory)
    proficiency_level = "intermediate"


class AuditEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "accounts.AuditEntry"

    actor = factory.SubFactory(UserFactory)
    action = "user.staff_update"
    target_type = "accounts.user"
    target_id = factory.LazyAttribute(lambda o: str(o.actor.pk))
    details = factory.LazyFunction(dict)
    ip_address = "203.0.113.5"
