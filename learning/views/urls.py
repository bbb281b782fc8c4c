"""Catalogue, opportunity, my learning, lessons, learning paths and authoring pages."""

from django.urls import path

from learning.views import pages

urlpatterns = [
    path("opportunities/", pages.catalogue_page, name="catalogue"),
    path("opportunities/<uuid:opportunity_id>/", pages.opportunity_page, name="opportunity"),
    path("opportunities/<uuid:opportunity_id>/enroll/", pages.enroll_page, name="enroll"),
    path("opportunities/<uuid:opportunity_id>/rate/", pages.rate_page, name="rate"),
    path("opportunities/<uuid:opportunity_id>/lessons/<uuid:lesson_id>/", pages.lesson_page, name="lesson"),
    path("learning/", pages.my_learning, name="my-learning"),
    path("learning/paths/", pages.paths_page, name="paths"),
    path("learning/paths/<uuid:path_id>/", pages.path_page, name="path"),
    path("teach/opportunities/", pages.authoring_list, name="author-list"),
    path("teach/opportunities/new/", pages.authoring_edit, name="author-new"),
    path("teach/opportunities/<uuid:opportunity_id>/", pages.authoring_edit, name="author-edit"),
    path(
        "teach/opportunities/<uuid:opportunity_id>/lessons/",
        pages.authoring_lesson_add,
        name="author-lesson-add",
    ),
]
