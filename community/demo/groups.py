"""Demo groups."""


def seed(stdout) -> None:
    """Filled in by the groups part."""
