"""Community demo data: groups with posts first, then events (which may belong to a group)."""

from community.demo import events, groups


def seed(stdout) -> None:
    groups.seed(stdout)
    events.seed(stdout)
