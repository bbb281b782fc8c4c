"""Catalogue, enrollment, progress, learning paths and recommendations."""

urlpatterns: list = []
