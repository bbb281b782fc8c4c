"""Signals learning sends to the parts of the app (and apps) that reward learning.

Each one is sent INSIDE the transaction of the service that made the change, with the changed
row already saved, so a receiver writes (points, achievements, certificates) in that same
transaction: both commit or neither does. A receiver must not call a gateway or send mail
directly; it schedules that with transaction.on_commit / delay_on_commit.

- lesson_completed(progress): a LessonProgress row got its completed_at (once per lesson).
- enrollment_completed(enrollment): an enrollment reached `completed` (once per enrollment).
- milestone_completed(milestone): a learning-path milestone was completed (once per milestone);
  milestone.path.status is `completed` when it was the last one.
- enrollment_confirmed(enrollment): an enrollment reached `enrolled` (free, or paid).
- opportunity_reviewed(enrollment): the learner rated/reviewed the opportunity for the first time.

All are sent with sender=<the model class> and the keyword argument named above.

A receiver of milestone_completed may return {"achievements_unlocked": [ {...}, ... ]}: the
lists are joined and answered by POST /learning-paths/{id}/complete-milestone (API.md §6).
"""

from django.dispatch import Signal

lesson_completed = Signal()  # progress
enrollment_completed = Signal()  # enrollment
milestone_completed = Signal()  # milestone
enrollment_confirmed = Signal()  # enrollment
opportunity_reviewed = Signal()  # enrollment
