"""Catalogue, opportunity, my learning, lessons, learning paths and authoring pages."""

urlpatterns: list = []
