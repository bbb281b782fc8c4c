"""community pages: groups, posts, comments and the moderation queue."""

from django.urls import path

from community.views import pages_create
from community.views import pages_groups as pages

urlpatterns = [
    path("community/groups/", pages.directory, name="directory"),
    path("community/groups/new/", pages_create.group_new, name="group-new"),
    path("community/groups/<uuid:group_id>/", pages.group_page, name="group"),
    path("community/groups/<uuid:group_id>/members/", pages.members_page, name="members"),
    path("community/groups/<uuid:group_id>/join/", pages.join, name="join"),
    path("community/groups/<uuid:group_id>/leave/", pages.leave, name="leave"),
    path("community/groups/<uuid:group_id>/archive/", pages.archive, name="archive"),
    path("community/groups/<uuid:group_id>/members/<uuid:user_id>/decide/", pages.decide, name="decide"),
    path("community/groups/<uuid:group_id>/members/<uuid:user_id>/role/", pages.set_role, name="set-role"),
    path("community/groups/<uuid:group_id>/posts/new/", pages.post_new, name="post-new"),
    path("community/posts/preview/", pages.preview, name="preview"),
    path("community/posts/<uuid:post_id>/", pages.post_page, name="post"),
    path("community/posts/<uuid:post_id>/card/", pages.post_card, name="post-card"),
    path("community/posts/<uuid:post_id>/edit/", pages.post_edit, name="post-edit"),
    path("community/posts/<uuid:post_id>/delete/", pages.post_delete, name="post-delete"),
    path("community/posts/<uuid:post_id>/pin/", pages.post_pin, name="post-pin"),
    path("community/posts/<uuid:post_id>/comments/", pages.comment_create, name="comment-create"),
    path("community/comments/<uuid:comment_id>/", pages.comment_fragment, name="comment-fragment"),
    path("community/comments/<uuid:comment_id>/delete/", pages.comment_delete, name="comment-delete"),
    path("community/<str:kind>/<uuid:object_id>/report/", pages.report, name="report"),
    path("community/<str:kind>/<uuid:object_id>/moderate/", pages.moderate, name="moderate"),
    path("community/moderation/", pages.moderation_queue, name="moderation"),
    path("community/reports/<uuid:report_id>/resolve/", pages.resolve, name="resolve"),
]
