"""The learning app's models, one module per part (catalogue, enrollment, paths; rewards owns
points, levels, streaks, achievements and certificates)."""

from learning.models.catalogue import (
    CERTIFIED_TYPES,
    DIFFICULTY_RANK,
    ENROLLABLE_TYPES,
    SCHEDULED_TYPES,
    Difficulty,
    Lesson,
    Opportunity,
    OpportunityStatus,
    OpportunityType,
)
from learning.models.enrollment import (
    ACTIVE_ENROLLMENT_STATUSES,
    LIVE_ENROLLMENT_STATUSES,
    Enrollment,
    EnrollmentPaymentMethod,
    EnrollmentStatus,
    LessonProgress,
    StartReminder,
    StartReminderStatus,
)
from learning.models.paths import (
    MILESTONE_POINTS,
    LearningPath,
    Milestone,
    MilestoneMentor,
    MilestoneOpportunity,
    PathStatus,
)

__all__ = [
    "ACTIVE_ENROLLMENT_STATUSES",
    "CERTIFIED_TYPES",
    "DIFFICULTY_RANK",
    "ENROLLABLE_TYPES",
    "LIVE_ENROLLMENT_STATUSES",
    "MILESTONE_POINTS",
    "SCHEDULED_TYPES",
    "Difficulty",
    "Enrollment",
    "EnrollmentPaymentMethod",
    "EnrollmentStatus",
    "LearningPath",
    "Lesson",
    "LessonProgress",
    "Milestone",
    "MilestoneMentor",
    "MilestoneOpportunity",
    "Opportunity",
    "OpportunityStatus",
    "OpportunityType",
    "PathStatus",
    "StartReminder",
    "StartReminderStatus",
]
