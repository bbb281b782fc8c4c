"""Categories, subcategories, subjects and skills: public rows and staff edits."""

from __future__ import annotations

from rest_framework import serializers

from mentors.api.serializers.common import IdName, StrictInput


class CategoryOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    icon = serializers.CharField()
    subcategory_count = serializers.IntegerField()


class SubcategoryOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()


class CategorySubcategoriesOut(serializers.Serializer):
    category = IdName()
    subcategories = SubcategoryOut(many=True)


class SubjectOut(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.CharField()
    category = IdName()
    subcategory_id = serializers.UUIDField(allow_null=True)
    description = serializers.CharField()
    is_active = serializers.BooleanField()


class StaffCategoryOut(serializers.Serializer):
    id = serializers.UUIDField()
    parent_id = serializers.UUIDField(allow_null=True)
    name = serializers.CharField()
    slug = serializers.CharField()
    description = serializers.CharField()
    icon = serializers.CharField()
    sort_order = serializers.IntegerField()
    is_active = serializers.BooleanField()


class StaffCategoryCreateIn(StrictInput):
    name = serializers.CharField(max_length=120)
    slug = serializers.SlugField(max_length=140, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    icon = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    parent_id = serializers.UUIDField(required=False, allow_null=True, help_text="Makes it a subcategory.")


class StaffCategoryPatchIn(StrictInput):
    name = serializers.CharField(max_length=120, required=False)
    slug = serializers.SlugField(max_length=140, required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    icon = serializers.CharField(max_length=40, required=False, allow_blank=True)
    sort_order = serializers.IntegerField(min_value=0, max_value=32767, required=False)
    is_active = serializers.BooleanField(required=False)


class StaffSubjectCreateIn(StrictInput):
    name = serializers.CharField(max_length=120)
    category_id = serializers.UUIDField()
    subcategory_id = serializers.UUIDField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class StaffSubjectPatchIn(StrictInput):
    name = serializers.CharField(max_length=120, required=False)
    category_id = serializers.UUIDField(required=False)
    subcategory_id = serializers.UUIDField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)
