"""The taxonomy, edited by staff."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.text import slugify

from core.errors import Conflict
from mentors import errors
from mentors.models import (
    Category,
    Subject,
)
from mentors.services._common import _fail

# --- taxonomy (staff) ---------------------------------------------------------------------------


def category_create(
    *, name: str, parent_id=None, slug: str = "", description: str = "", icon: str = ""
) -> Category:
    parent = None
    if parent_id:
        parent = Category.objects.filter(pk=parent_id, parent__isnull=True).first()
        if parent is None:
            raise _fail("parent_id", "Unknown top-level category.")
    slug = slugify(slug or (f"{parent.slug}-{name}" if parent else name))
    try:
        with transaction.atomic():
            return Category.objects.create(
                name=name, parent=parent, slug=slug, description=description, icon=icon
            )
    except IntegrityError:
        raise Conflict("A category with this name or slug exists.", details={"slug": [slug]}) from None


def category_update(*, category: Category, **changes: Any) -> Category:
    for name, value in changes.items():
        setattr(category, name, value)
    try:
        with transaction.atomic():
            category.save(update_fields=list(changes))
    except IntegrityError:
        raise Conflict("A category with this name or slug exists.") from None
    return category


def subject_create(*, name: str, category_id, subcategory_id=None, description: str = "") -> Subject:
    category = Category.objects.filter(pk=category_id, parent__isnull=True).first()
    if category is None:
        raise _fail("category_id", "Unknown top-level category.")
    subcategory = None
    if subcategory_id:
        subcategory = Category.objects.filter(pk=subcategory_id, parent=category).first()
        if subcategory is None:
            raise _fail("subcategory_id", "Unknown subcategory of that category.")
    try:
        with transaction.atomic():
            return Subject.objects.create(
                name=name,
                slug=slugify(name),
                category=category,
                subcategory=subcategory,
                description=description,
            )
    except IntegrityError:
        raise Conflict("A subject with this name exists.") from None


def subject_update(*, subject: Subject, **changes: Any) -> Subject:
    # A subject belongs to a top-level category and optionally one of its subcategories: an id
    # that breaks this would otherwise be saved as is (or fail as a 500 on a missing row).
    if "category_id" in changes or "subcategory_id" in changes:
        category_id = changes.get("category_id", subject.category_id)
        if not Category.objects.filter(pk=category_id, parent__isnull=True).exists():
            raise _fail("category_id", "Unknown top-level category.")
        subcategory_id = changes.get("subcategory_id", subject.subcategory_id)
        if subcategory_id and not Category.objects.filter(pk=subcategory_id, parent_id=category_id).exists():
            if "subcategory_id" in changes:
                raise _fail("subcategory_id", "Unknown subcategory of that category.")
            changes["subcategory_id"] = None  # moved to another category: its old subcategory no longer fits
    for name, value in changes.items():
        setattr(subject, name, value)
    with transaction.atomic():
        subject.save(update_fields=list(changes))
    return subject


def subject_delete(*, subject: Subject) -> None:
    """An unused subject is deleted; one still referenced is refused with 409 (deactivate it)."""
    if subject.mentors.exists():
        raise errors.InUse(details={"mentors": subject.mentors.count()})
    try:
        with transaction.atomic():
            subject.delete()
    except ProtectedError:
        raise errors.InUse() from None
