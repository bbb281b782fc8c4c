"""What OPTIONS answers on the API (REST_FRAMEWORK's DEFAULT_METADATA_CLASS)."""

from __future__ import annotations

from django.urls import reverse
from rest_framework.metadata import BaseMetadata


class SchemaMetadata(BaseMetadata):
    """What OPTIONS answers on every API route: the view's name, description, media types and
    where the schema is. Request shapes are the OpenAPI schema's job: DRF's own metadata guesses
    them from `serializer_class` and `get_object()`, which views that parse with input
    serializers of their own do not have, so OPTIONS on them was a 500."""

    def determine_metadata(self, request, view):
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "schema": reverse("schema"),
        }
