"""Writes of the assistant, one module per subject."""
