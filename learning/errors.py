"""Errors of the learning app, each with a stable code of API.md §0."""

from core.errors import Conflict, Forbidden, NotFound, ValidationFailed


class OpportunityNotFound(NotFound):
    default_message = "Opportunity not found."


class EnrollmentNotFound(NotFound):
    default_message = "Enrollment not found."


class LearningPathNotFound(NotFound):
    default_message = "Learning path not found."


class AlreadyEnrolled(Conflict):
    default_message = "You are already enrolled in this opportunity."


class NoSeatsLeft(Conflict):
    default_message = "There are no seats left."


class NotEnrollable(ValidationFailed):
    default_message = "This opportunity cannot be enrolled in."


class IllegalTransition(Conflict):
    default_message = "The enrollment cannot change like that from its current status."


class NotAnAuthor(Forbidden):
    default_message = "Only approved mentors and staff can author opportunities."


class PathConflict(Conflict):
    default_message = "You already have an active learning path for this subcategory."


class MilestoneOutOfOrder(Conflict):
    default_message = "Milestones are completed in order."
