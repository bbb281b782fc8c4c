from core.errors import Conflict, NotFound, ValidationFailed


class SlotNotAvailable(Conflict):
    code = "SLOT_NOT_AVAILABLE"
    default_message = "This time is no longer available."


class MentorProfileNotFound(NotFound):
    default_message = "Mentor not found."


class NoMentorProfile(NotFound):
    default_message = "You have no mentor profile yet. Apply with POST /api/v1/mentors/me."


class MentorProfileExists(Conflict):
    default_message = "You already have a mentor profile."


class ProfileIncomplete(ValidationFailed):
    default_message = "The profile is missing what a review needs."


class IllegalStatusChange(Conflict):
    default_message = "The profile cannot move to that status from its current one."


class RuleOverlaps(Conflict):
    default_message = "This rule overlaps an existing rule."


class InUse(Conflict):
    default_message = "This is still in use; deactivate it instead."


class ServiceNotFound(NotFound):
    default_message = "Service not found."


class CategoryNotFound(NotFound):
    default_message = "Category not found."


class SubjectNotFound(NotFound):
    default_message = "Subject not found."


class NoSchedule(NotFound):
    default_message = "You have no schedule yet. Create one with PUT /api/v1/mentors/me/schedule."


class RuleNotFound(NotFound):
    default_message = "Rule not found."


class CalendarFeedNotFound(NotFound):
    default_message = "Calendar feed not found."


class CalendarFeedExists(Conflict):
    default_message = "You have already added this calendar."


class CalendarFeedLimit(Conflict):
    default_message = "You have added as many calendars as we keep for one mentor."
