"""The learning admin, one module per part."""

from learning.admin import (
    catalogue,  # noqa: F401 - registers the catalogue's admin
    rewards,  # noqa: F401
)
