"""Demo events."""


def seed(stdout) -> None:
    """Filled in by the events part."""
