"""Admin for groups, memberships, posts, comments and reports. Rows are written by the services
only: staff look here and act through admin actions that call them (archive, approve, hide,
restore, resolve), each audited by the service like the same action on the site."""

from __future__ import annotations

from django.contrib import admin, messages

from community.models.groups import (
    Comment,
    Group,
    GroupMembership,
    MembershipStatus,
    Post,
    Report,
    ReportStatus,
)
from community.services import groups as group_services
from community.services import moderation
from core.admin import ReadOnlyAdminMixin
from core.errors import DomainError


def _run(model_admin, request, queryset, action, done_message: str) -> None:
    done = 0
    for item in queryset:
        try:
            action(item)
            done += 1
        except DomainError as error:
            model_admin.message_user(request, f"{item}: {error.message}", level=messages.WARNING)
    if done:
        model_admin.message_user(request, done_message.format(count=done), level=messages.SUCCESS)


@admin.register(Group)
class GroupAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "visibility", "category", "owner", "member_count", "archived_at", "created_at")
    list_filter = ("visibility", ("archived_at", admin.EmptyFieldListFilter), "category")
    search_fields = ("name", "slug", "owner__email")
    list_select_related = ("category", "owner")
    raw_id_fields = ("owner", "category", "opportunity")
    actions = ["archive", "unarchive"]

    @admin.action(description="Archive the selected groups (read-only)", permissions=["view"])
    def archive(self, request, queryset):
        _run(
            self, request, queryset,
            lambda g: group_services.group_update(group_id=g.pk, user=request.user, data={"archived": True}),
            "{count} group(s) archived.",
        )  # fmt: skip

    @admin.action(description="Reopen the selected groups", permissions=["view"])
    def unarchive(self, request, queryset):
        _run(
            self, request, queryset,
            lambda g: group_services.group_update(group_id=g.pk, user=request.user, data={"archived": False}),
            "{count} group(s) reopened.",
        )  # fmt: skip


@admin.register(GroupMembership)
class GroupMembershipAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("user", "group", "role", "status", "requested_at", "joined_at", "decided_by")
    list_filter = ("status", "role")
    search_fields = ("user__email", "user__full_name", "group__name")
    list_select_related = ("user", "group", "decided_by")
    raw_id_fields = ("user", "group", "decided_by")
    actions = ["approve", "decline"]

    def _decide(self, request, queryset, approve: bool):
        _run(
            self,
            request,
            queryset.filter(status=MembershipStatus.PENDING),
            lambda m: group_services.membership_decide(
                group_id=m.group_id, user_id=m.user_id, moderator=request.user, approve=approve
            ),
            "{count} request(s) " + ("approved." if approve else "declined."),
        )

    @admin.action(description="Approve the selected requests to join", permissions=["view"])
    def approve(self, request, queryset):
        self._decide(request, queryset, True)

    @admin.action(description="Decline the selected requests to join", permissions=["view"])
    def decline(self, request, queryset):
        self._decide(request, queryset, False)


class _ModeratedAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    target = "post_id"
    actions = ["hide", "restore"]

    def _moderate(self, request, queryset, action: str):
        _run(
            self,
            request,
            queryset,
            lambda item: moderation.content_moderate(
                moderator=request.user, action=action, request=request, **{self.target: item.pk}
            ),
            "{count} item(s) " + ("hidden." if action == "hide" else "restored."),
        )

    @admin.action(description="Hide the selected items (audited)", permissions=["view"])
    def hide(self, request, queryset):
        self._moderate(request, queryset, "hide")

    @admin.action(description="Restore the selected items (audited)", permissions=["view"])
    def restore(self, request, queryset):
        self._moderate(request, queryset, "restore")


@admin.register(Post)
class PostAdmin(_ModeratedAdmin):
    target = "post_id"
    list_display = (
        "title",
        "group",
        "author",
        "is_pinned",
        "comment_count",
        "hidden_at",
        "deleted_at",
        "created_at",
    )
    list_filter = (("hidden_at", admin.EmptyFieldListFilter), ("deleted_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "author__email", "group__name")
    list_select_related = ("group", "author")
    raw_id_fields = ("group", "author", "hidden_by", "deleted_by")
    exclude = ("body_html",)


@admin.register(Comment)
class CommentAdmin(_ModeratedAdmin):
    target = "comment_id"
    list_display = ("__str__", "post", "author", "parent", "hidden_at", "deleted_at", "created_at")
    list_filter = (("hidden_at", admin.EmptyFieldListFilter), ("deleted_at", admin.EmptyFieldListFilter))
    search_fields = ("body", "author__email")
    list_select_related = ("post", "author")
    raw_id_fields = ("post", "parent", "author", "hidden_by", "deleted_by")
    exclude = ("body_html",)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = (
        "__str__",
        "group",
        "post",
        "comment",
        "reporter",
        "reason",
        "status",
        "created_at",
        "resolved_by",
    )
    list_filter = ("status", "reason")
    search_fields = ("post__title", "reporter__email", "group__name")
    list_select_related = ("group", "post", "comment", "reporter", "resolved_by")
    raw_id_fields = ("group", "post", "comment", "reporter", "resolved_by")
    actions = ["hide_content", "dismiss"]

    def _resolve(self, request, queryset, action: str, message: str):
        _run(
            self,
            request,
            queryset.filter(status=ReportStatus.OPEN),
            lambda r: moderation.report_resolve(
                report_id=r.pk, moderator=request.user, action=action, request=request
            ),
            message,
        )

    @admin.action(description="Resolve: hide the reported content (audited)", permissions=["view"])
    def hide_content(self, request, queryset):
        self._resolve(request, queryset, "hide", "{count} report(s) resolved by hiding the content.")

    @admin.action(description="Resolve: dismiss the selected reports (audited)", permissions=["view"])
    def dismiss(self, request, queryset):
        self._resolve(request, queryset, "dismiss", "{count} report(s) dismissed.")
