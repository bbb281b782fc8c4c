"""community API routes: groups, posts, comments, reports (API.md §7)."""

from django.urls import path

from community.api import views_groups as views

urlpatterns = [
    path("groups", views.GroupListCreateView.as_view(), name="community-groups"),
    path("groups/<uuid:id>", views.GroupDetailView.as_view(), name="community-group"),
    path("groups/<uuid:id>/join", views.GroupJoinView.as_view(), name="community-group-join"),
    path("groups/<uuid:id>/leave", views.GroupLeaveView.as_view(), name="community-group-leave"),
    path("groups/<uuid:id>/members", views.MemberListView.as_view(), name="community-group-members"),
    path(
        "groups/<uuid:id>/members/<uuid:user_id>/approve",
        views.MemberApproveView.as_view(),
        name="community-member-approve",
    ),
    path(
        "groups/<uuid:id>/members/<uuid:user_id>/decline",
        views.MemberDeclineView.as_view(),
        name="community-member-decline",
    ),
    path("groups/<uuid:id>/posts", views.GroupPostListCreateView.as_view(), name="community-group-posts"),
    path("posts/<uuid:id>", views.PostDetailView.as_view(), name="community-post"),
    path("posts/<uuid:id>/comments", views.CommentListCreateView.as_view(), name="community-post-comments"),
    path("posts/<uuid:id>/report", views.PostReportView.as_view(), name="community-post-report"),
    path("posts/<uuid:id>/moderate", views.PostModerateView.as_view(), name="community-post-moderate"),
    path(
        "post-attachments/<uuid:id>/download",
        views.PostAttachmentDownloadView.as_view(),
        name="community-post-attachment-download",
    ),
    path("comments/<uuid:id>", views.CommentDetailView.as_view(), name="community-comment"),
    path("comments/<uuid:id>/report", views.CommentReportView.as_view(), name="community-comment-report"),
    path(
        "comments/<uuid:id>/moderate", views.CommentModerateView.as_view(), name="community-comment-moderate"
    ),
    path("group-reports", views.ReportQueueView.as_view(), name="community-reports"),
    path(
        "group-reports/<uuid:id>/resolve", views.ReportResolveView.as_view(), name="community-report-resolve"
    ),
]
