"""The community app's models, one module per part: `groups` (groups, membership, posts,
comments, reports) and `events` (events, RSVPs, waitlist, reminders). Import models from their
module, e.g. `from community.models.groups import Group`."""

from community.models import events, groups  # noqa: F401 - each module registers its models
