"""The onboarding interview and the AI profile built from it (issue 18)."""

__all__: list[str] = []
