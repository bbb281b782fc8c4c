"""Categories, subcategories, subjects and skills: public reads and staff edits."""

from __future__ import annotations

from uuid import UUID

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsStaff
from core.api import ListView
from core.pagination import WholePagination
from core.schema import ERRORS
from mentors import selectors, services
from mentors.api import filters
from mentors.api import serializers as s
from mentors.api.views.common import STAFF, TAXONOMY, PublicMixin, parsed


class CategoryListView(PublicMixin, ListView):
    pagination_class = WholePagination
    serializer_class = s.CategoryOut

    @extend_schema(
        tags=TAXONOMY,
        summary="The top-level categories",
        description="A small reference list, returned whole in the list envelope.",
        responses={200: s.CategoryOut(many=True), **ERRORS(429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self):
        return selectors.categories_top_level()


class SubcategoryListView(PublicMixin, APIView):
    @extend_schema(
        tags=TAXONOMY,
        summary="A category's subcategories",
        responses={200: s.CategorySubcategoriesOut, **ERRORS(404, 429)},
    )
    def get(self, request, id: UUID):
        category = selectors.category_get(category_id=id, top_level=True)
        body = {"category": category, "subcategories": selectors.subcategories_of(category=category)}
        return Response(s.CategorySubcategoriesOut(body).data)


class SubjectListView(PublicMixin, ListView):
    serializer_class = s.SubjectOut
    filterset_class = filters.SubjectFilters

    def rows(self, **filters):
        return selectors.subject_list(**filters)

    @extend_schema(
        tags=TAXONOMY,
        summary="Teachable subjects",
        responses={200: s.SubjectOut(many=True), **ERRORS(400, 429)},
    )
    def get(self, request):
        return super().get(request)


class SkillListView(PublicMixin, ListView):
    serializer_class = s.SkillOut
    filterset_class = filters.SkillFilters

    def rows(self, **filters):
        return selectors.skill_list(**filters)

    @extend_schema(
        tags=TAXONOMY,
        summary="Skill tags, for autocomplete",
        responses={200: s.SkillOut(many=True), **ERRORS(400, 429)},
    )
    def get(self, request):
        return super().get(request)


class StaffCategoryCreateView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=STAFF,
        summary="Create a category, or a subcategory with parent_id",
        request=s.StaffCategoryCreateIn,
        responses={201: s.StaffCategoryOut, **ERRORS(400, 401, 403, 409, 429)},
    )
    def post(self, request):
        category = services.category_create(**parsed(s.StaffCategoryCreateIn, request.data))
        return Response(s.StaffCategoryOut(category).data, status=status.HTTP_201_CREATED)


class StaffCategoryDetailView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=STAFF,
        summary="Edit or deactivate a category or subcategory",
        request=s.StaffCategoryPatchIn,
        responses={200: s.StaffCategoryOut, **ERRORS(400, 401, 403, 404, 409, 429)},
    )
    def patch(self, request, id: UUID):
        category = selectors.category_get(category_id=id, active_only=False)
        changes = parsed(s.StaffCategoryPatchIn, request.data)
        category = services.category_update(category=category, **changes)
        return Response(s.StaffCategoryOut(category).data)


class StaffSubjectCreateView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=STAFF,
        summary="Create a subject",
        request=s.StaffSubjectCreateIn,
        responses={201: s.SubjectOut, **ERRORS(400, 401, 403, 409, 429)},
    )
    def post(self, request):
        subject = services.subject_create(**parsed(s.StaffSubjectCreateIn, request.data))
        return Response(s.SubjectOut(subject).data, status=status.HTTP_201_CREATED)


class StaffSubjectDetailView(APIView):
    permission_classes = [IsStaff]

    @extend_schema(
        tags=STAFF,
        summary="Edit a subject's name, category, description or is_active",
        request=s.StaffSubjectPatchIn,
        responses={200: s.SubjectOut, **ERRORS(400, 401, 403, 404, 429)},
    )
    def patch(self, request, id: UUID):
        subject = selectors.subject_get(subject_id=id)
        subject = services.subject_update(subject=subject, **parsed(s.StaffSubjectPatchIn, request.data))
        return Response(s.SubjectOut(subject).data)

    @extend_schema(
        tags=STAFF,
        summary="Delete an unused subject",
        description="409 while mentors (or bookings) still use it: deactivate it instead.",
        request=None,
        responses={204: None, **ERRORS(401, 403, 404, 409, 429)},
    )
    def delete(self, request, id: UUID):
        services.subject_delete(subject=selectors.subject_get(subject_id=id))
        return Response(status=status.HTTP_204_NO_CONTENT)
