"""The learning admin, one module per part."""
