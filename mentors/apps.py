from django.apps import AppConfig


class MentorsConfig(AppConfig):
    name = "mentors"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from accounts import taxonomy
        from mentors import receivers  # noqa: F401 - connects the signal receivers
        from mentors.models import Category

        # accounts files a user's skills under our categories but may not import us.
        taxonomy.register(
            names=lambda ids: dict(Category.objects.filter(pk__in=ids).values_list("id", "name")),
            choices=lambda: [
                taxonomy.CategoryRef(pk, name)
                for pk, name in Category.objects.filter(parent__isnull=True, is_active=True).values_list(
                    "id", "name"
                )
            ],
        )

        from accounts.profiling import matching
        from mentors.matching.interview import match_interview

        # The onboarding interview's profile is matched to our taxonomy (accounts cannot import us).
        matching.register(match_interview)

        from accounts import staff_summaries
        from mentors.models import MentorProfile

        # GET /staff/users/{id} shows the account's mentor profile (accounts cannot import us).
        staff_summaries.register(
            "mentor_profile",
            lambda user: (
                MentorProfile.objects.filter(user=user)
                .values("id", "status", "title", "mentor_tier", "average_rating", "total_reviews")
                .first()
            ),
        )
