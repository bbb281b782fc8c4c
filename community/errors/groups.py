"""Errors of groups, posts, comments and reports."""

from __future__ import annotations

from core.errors import Conflict, Forbidden, NotFound, RateLimited, ValidationFailed


class GroupNotFound(NotFound):
    # Also the answer for a private group the caller may not read: nobody learns it exists.
    default_message = "Group not found."


class PostNotFound(NotFound):
    default_message = "Post not found."


class CommentNotFound(NotFound):
    default_message = "Comment not found."


class MemberNotFound(NotFound):
    default_message = "This person is not a member of the group."


class ReportNotFound(NotFound):
    default_message = "Report not found."


class AttachmentNotFound(NotFound):
    default_message = "Attachment not found."


class NotAGroupAuthor(Forbidden):
    default_message = "Only mentors and staff can create groups."


class NotTheOwner(Forbidden):
    default_message = "Only the group's owner or staff can do this."


class NotAModerator(Forbidden):
    default_message = "Only the group's moderators or staff can do this."


class NotAMember(Forbidden):
    default_message = "Only active members of the group can do this."


class NotTheAuthor(Forbidden):
    default_message = "Only the author can edit this."


class NotAllowedToDelete(Forbidden):
    default_message = "Only the author, the group's moderators or staff can delete this."


class GroupArchived(Conflict):
    default_message = "This group is archived: it can be read but not changed."

    def __init__(self, message=None, *, details=None):
        super().__init__(message, details={"reason": "group_archived", **(details or {})})


class AlreadyMember(Conflict):
    default_message = "You are already a member of this group or waiting for approval."


class OwnerCannotLeave(Conflict):
    default_message = "The owner must hand over ownership before leaving the group."


class NothingPending(Conflict):
    default_message = "There is no request to join waiting for a decision."


class AlreadyReported(Conflict):
    default_message = "You already reported this; a moderator will look at it."


class ReportClosed(Conflict):
    default_message = "This report was already resolved."


class ContentGone(Conflict):
    default_message = "This was deleted and can no longer be changed."


class PostingTooFast(RateLimited):
    default_message = "You are posting too fast. Wait a moment and try again."


class SlugTaken(ValidationFailed):
    default_message = "A group with this name already exists."

    def __init__(self, message=None, *, details=None):
        super().__init__(message, details={"name": [message or self.default_message], **(details or {})})
