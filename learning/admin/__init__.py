"""The learning admin, one module per part."""

from learning.admin import rewards  # noqa: F401
