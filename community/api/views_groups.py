"""API.md §7, groups part: groups and membership, posts, comments, reports and moderation."""

from __future__ import annotations

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from community.api import filters_groups as filters
from community.api import serializers_groups as s
from community.selectors import groups as selectors
from community.selectors.events import group_upcoming_events
from community.services import groups as group_services
from community.services import moderation
from community.services import posts as post_services
from core.api import ListView, parsed
from core.schema import ERRORS

GROUPS = ["community: groups"]
POSTS = ["community: posts"]
MODERATION = ["community: moderation"]


def _open_for_reading(request):
    return [IsAuthenticated()] if request.method != "GET" else [AllowAny()]


def group_detail_body(request, group) -> dict:
    user = request.user
    viewer = selectors.viewer(group, user)
    mine = viewer.membership
    group.membership_status = mine.status if mine else None
    group.can_read = viewer.can_read
    # A private group shows strangers its name and description only (so they can ask to join).
    group.moderators = selectors.group_moderators(group) if group.can_read else []
    group.rules_html = _render(group.rules) if group.can_read else ""
    if not group.can_read:
        group.rules = ""
    group.my_role = mine.role if mine and mine.status == "active" else None
    group.can_moderate = viewer.is_moderator
    group.upcoming_events = group_upcoming_events(group=group, user=user) if group.can_read else []
    return s.GroupDetailOut(group).data


def _render(text: str) -> str:
    from learning import markdown

    return str(markdown.render(text))


class GroupListCreateView(ListView):
    serializer_class = s.GroupOut
    filterset_class = filters.GroupFilters

    def get_permissions(self):
        return _open_for_reading(self.request)

    @extend_schema(
        tags=GROUPS,
        summary="Groups",
        description="Public groups, and the private groups you are a member of. `joined=true`: yours.",
        responses={200: s.GroupOut(many=True), **ERRORS(400, 429)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, **filters):
        return selectors.group_search(user=self.request.user, **filters)

    @extend_schema(
        tags=GROUPS,
        summary="Create a group (mentors and staff)",
        description="The creator becomes the owner. A cohort opportunity can link its discussion "
        "group with `opportunity_id`.",
        request=s.GroupIn,
        responses={201: s.GroupDetailOut, **ERRORS(400, 401, 403)},
    )
    def post(self, request):
        data = parsed(s.GroupIn, request.data)
        group = group_services.group_create(user=request.user, **data)
        fresh = selectors.group_get(group_id=group.pk, user=request.user)
        return Response(group_detail_body(request, fresh), status=status.HTTP_201_CREATED)


class GroupDetailView(APIView):
    def get_permissions(self):
        return _open_for_reading(self.request)

    @extend_schema(
        tags=GROUPS,
        summary="One group",
        description="Any group's name and description; a private group's rules and moderators only "
        "for its members and staff (`can_read`), and its posts and members answer 404 to others.",
        responses={200: s.GroupDetailOut, **ERRORS(404)},
    )
    def get(self, request, id):
        return Response(group_detail_body(request, selectors.group_get(group_id=id, user=request.user)))

    @extend_schema(
        tags=GROUPS,
        summary="Edit, archive, set moderators or hand over ownership (owner, staff)",
        description="An archived group is read-only: it takes nothing but `archived: false`.",
        request=s.GroupPatchIn,
        responses={200: s.GroupDetailOut, **ERRORS(400, 401, 403, 404, 409)},
    )
    def patch(self, request, id):
        data = parsed(s.GroupPatchIn, request.data)
        group_services.group_update(group_id=id, user=request.user, data=data)
        return Response(group_detail_body(request, selectors.group_get(group_id=id, user=request.user)))


class GroupJoinView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=GROUPS,
        summary="Join a group",
        description="Public: active at once. Private: `pending` until a moderator approves. 409 if "
        "already a member or waiting, or the group is archived.",
        request=None,
        responses={201: s.GroupJoinOut, **ERRORS(401, 404, 409)},
    )
    def post(self, request, id):
        membership = group_services.group_join(group_id=id, user=request.user)
        return Response({"membership": s.GroupMembershipOut(membership).data}, status=status.HTTP_201_CREATED)


class GroupLeaveView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=GROUPS,
        summary="Leave a group (or withdraw a request to join)",
        description="The owner hands over ownership first (409).",
        request=None,
        responses={204: None, **ERRORS(401, 404, 409)},
    )
    def post(self, request, id):
        group_services.group_leave(group_id=id, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberListView(ListView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.GroupMemberOut
    filterset_class = filters.MemberFilters

    @extend_schema(
        tags=GROUPS,
        summary="Members of a group",
        description="Owner and moderators first. Moderators also see pending and declined requests.",
        responses={200: s.GroupMemberOut(many=True), **ERRORS(400, 401, 404)},
    )
    def get(self, request, id):
        return super().get(request)

    def rows(self, **filters):
        group = selectors.readable_group_get(group_id=self.kwargs["id"], user=self.request.user)
        return selectors.member_list(group=group, user=self.request.user, **filters)


def _decision(approve: bool):
    class View(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            tags=GROUPS,
            summary="Approve a request to join (moderators)"
            if approve
            else "Decline a request to join (moderators)",
            description="The person is told either way. 409 when nothing is pending.",
            request=None,
            responses={200: s.GroupMemberOut, **ERRORS(401, 403, 404, 409)},
        )
        def post(self, request, id, user_id):
            membership = group_services.membership_decide(
                group_id=id, user_id=user_id, moderator=request.user, approve=approve
            )
            return Response(s.GroupMemberOut(membership).data)

    View.__name__ = "MemberApproveView" if approve else "MemberDeclineView"
    View.__qualname__ = View.__name__
    return View


MemberApproveView = _decision(True)
MemberDeclineView = _decision(False)


# --- posts ----------------------------------------------------------------------------------------


class GroupPostListCreateView(ListView):
    serializer_class = s.PostOut
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_permissions(self):
        return _open_for_reading(self.request)

    def get_queryset(self):
        from community.models.groups import Post

        return Post.objects.none()

    @extend_schema(
        tags=POSTS,
        summary="Posts of a group",
        description="Pinned first, then newest. `body_html` is sanitized; `title` is plain text.",
        responses={200: s.PostOut(many=True), **ERRORS(400, 404, 429)},
    )
    def get(self, request, id):
        return super().get(request)

    def rows(self, **filters):
        group = selectors.readable_group_get(group_id=self.kwargs["id"], user=self.request.user)
        return selectors.post_list(group=group, user=self.request.user)

    @extend_schema(
        tags=POSTS,
        summary="Post in a group (active members)",
        description="JSON, or multipart with `files[]`. Limited per user (COMMUNITY_POST_RATE, 429).",
        request={"application/json": s.PostIn, "multipart/form-data": s.PostMultipartIn},
        responses={201: s.PostOut, **ERRORS(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, id):
        data = parsed(s.PostIn, request.data)
        files = request.FILES.getlist("files[]") + request.FILES.getlist("files")
        post = post_services.post_create(group_id=id, user=request.user, files=files, **data)
        return Response(s.PostOut(selectors.post_get(post_id=post.pk, user=request.user)).data, status=201)


class PostDetailView(APIView):
    def get_permissions(self):
        return _open_for_reading(self.request)

    @extend_schema(tags=POSTS, summary="One post", responses={200: s.PostOut, **ERRORS(404)})
    def get(self, request, id):
        return Response(s.PostOut(selectors.post_get(post_id=id, user=request.user)).data)

    @extend_schema(
        tags=POSTS,
        summary="Edit your post; moderators pin",
        request=s.PostPatchIn,
        responses={200: s.PostOut, **ERRORS(400, 401, 403, 404, 409)},
    )
    def patch(self, request, id):
        data = parsed(s.PostPatchIn, request.data)
        post_services.post_update(post_id=id, user=request.user, **data)
        return Response(s.PostOut(selectors.post_get(post_id=id, user=request.user)).data)

    @extend_schema(
        tags=POSTS,
        summary="Delete a post (author, moderators, staff)",
        description="Soft delete; audit-logged when not the author's own.",
        responses={204: None, **ERRORS(401, 403, 404)},
    )
    def delete(self, request, id):
        post_services.post_delete(post_id=id, user=request.user, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class PostAttachmentDownloadView(APIView):
    def get_permissions(self):
        return [AllowAny()]

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        tags=POSTS,
        summary="Download a post's attachment (whoever may read the post)",
        responses={
            (200, "*/*"): OpenApiResponse(OpenApiTypes.BINARY, description="The file."),
            **ERRORS(404),
        },
    )
    def get(self, request, id):
        attachment = selectors.attachment_get(attachment_id=id, user=request.user)
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class CommentListCreateView(ListView):
    serializer_class = s.PostCommentOut

    def get_permissions(self):
        return _open_for_reading(self.request)

    def get_queryset(self):
        from community.models.groups import Comment

        return Comment.objects.none()

    @extend_schema(
        tags=POSTS,
        summary="Comments on a post",
        description="Top-level comments oldest first, each with its `replies` (one level deep). A "
        "deleted comment with replies stays as a placeholder (`is_deleted`, empty body).",
        responses={200: s.PostCommentOut(many=True), **ERRORS(400, 404, 429)},
    )
    def get(self, request, id):
        return super().get(request)

    def rows(self, **filters):
        post = selectors.post_get(post_id=self.kwargs["id"], user=self.request.user)
        self.moderator = selectors.is_moderator(post.group, self.request.user)
        return selectors.comment_threads(post=post, user=self.request.user, moderator=self.moderator)

    def page_context(self, page, filters):
        return {"moderator": self.moderator}

    @extend_schema(
        tags=POSTS,
        summary="Comment on a post (active members)",
        description="With `parent_id`, a reply to a top-level comment. Limited per user (429).",
        request=s.PostCommentIn,
        responses={201: s.PostCommentOut, **ERRORS(400, 401, 403, 404, 409, 429)},
    )
    def post(self, request, id):
        data = parsed(s.PostCommentIn, request.data)
        comment = post_services.comment_create(post_id=id, user=request.user, **data)
        return Response(s.PostCommentOut(comment).data, status=status.HTTP_201_CREATED)


class CommentDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=POSTS,
        summary="Edit your comment",
        request=s.PostCommentPatchIn,
        responses={200: s.PostReplyOut, **ERRORS(400, 401, 403, 404, 409)},
    )
    def patch(self, request, id):
        data = parsed(s.PostCommentPatchIn, request.data)
        comment = post_services.comment_update(comment_id=id, user=request.user, body=data["body"])
        return Response(s.PostReplyOut(comment).data)

    @extend_schema(
        tags=POSTS,
        summary="Delete a comment (author, moderators, staff)",
        description="Soft delete; audit-logged when not the author's own.",
        responses={204: None, **ERRORS(401, 403, 404, 409)},
    )
    def delete(self, request, id):
        post_services.comment_delete(comment_id=id, user=request.user, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- reports and moderation -----------------------------------------------------------------------


def _report_view(target: str):
    kind = "comment" if target == "comment_id" else "post"

    class View(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            tags=MODERATION,
            summary=f"Report a {kind}",
            description="Members report with a reason. Nothing is hidden until a moderator acts; the "
            "group's moderators are told. 409 if you already have an open report on it.",
            request=s.GroupReportIn,
            responses={201: s.GroupReportOut, **ERRORS(400, 401, 403, 404, 409)},
        )
        def post(self, request, id):
            data = parsed(s.GroupReportIn, request.data)
            report = moderation.report_create(user=request.user, **{target: id}, **data)
            return Response(s.GroupReportOut(report).data, status=status.HTTP_201_CREATED)

    View.__name__ = View.__qualname__ = f"{kind.capitalize()}ReportView"
    return View


def _moderate_view(target: str):
    kind = "comment" if target == "comment_id" else "post"

    class View(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(
            tags=MODERATION,
            summary=f"Hide or restore a {kind} (moderators)",
            description="Hidden content is gone for everyone but moderators at once. Audited; open "
            "reports on it are closed.",
            request=s.GroupModerateIn,
            responses={204: None, **ERRORS(400, 401, 403, 404)},
        )
        def post(self, request, id):
            data = parsed(s.GroupModerateIn, request.data)
            moderation.content_moderate(
                moderator=request.user, action=data["action"], request=request, **{target: id}
            )
            return Response(status=status.HTTP_204_NO_CONTENT)

    View.__name__ = View.__qualname__ = f"{kind.capitalize()}ModerateView"
    return View


PostReportView = _report_view("post_id")
CommentReportView = _report_view("comment_id")
PostModerateView = _moderate_view("post_id")
CommentModerateView = _moderate_view("comment_id")


class ReportQueueView(ListView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.GroupReportQueueOut
    filterset_class = filters.ReportFilters

    @extend_schema(
        tags=MODERATION,
        summary="The moderation queue",
        description="Reports in the groups you moderate (every group for staff), oldest first; open "
        "ones unless `status` says otherwise.",
        responses={200: s.GroupReportQueueOut(many=True), **ERRORS(400, 401)},
    )
    def get(self, request):
        return super().get(request)

    def rows(self, status="open", group_id=None):
        return selectors.report_queue(user=self.request.user, status=status, group_id=group_id)


class ReportResolveView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=MODERATION,
        summary="Resolve a report: hide, restore or dismiss (moderators)",
        request=s.GroupReportResolveIn,
        responses={200: s.GroupReportOut, **ERRORS(400, 401, 404, 409)},
    )
    def post(self, request, id):
        data = parsed(s.GroupReportResolveIn, request.data)
        report = moderation.report_resolve(
            report_id=id, moderator=request.user, action=data["action"], request=request
        )
        return Response(s.GroupReportOut(report).data)
