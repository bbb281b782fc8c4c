"""Routes of API.md §2. Each group of endpoints adds its own lines; order matters where a fixed
word (me, recommended, proximity, search) shares a position with an {id}."""

from django.urls import path

from mentors.api import matching_views
from mentors.api.views import favorites, feeds, me, public, staff, taxonomy

urlpatterns: list = []

# --- AI matching (issue 5, matching): fixed words, so before any mentors/<uuid:...> route ---
urlpatterns += [
    path("mentors/recommended", matching_views.RecommendedMentorsView.as_view(), name="mentors-recommended"),
    path("categories/search", matching_views.CategorySearchView.as_view(), name="categories-search"),
]

# --- catalogue, profiles, availability, favourites, staff (issue 5, mentors API) ---
# Fixed words (proximity, me) come before mentors/<uuid:id>; `recommended` sits with them.
urlpatterns += [
    path("categories", taxonomy.CategoryListView.as_view(), name="categories"),
    path(
        "categories/<uuid:id>/subcategories",
        taxonomy.SubcategoryListView.as_view(),
        name="category-subcategories",
    ),
    path("subjects", taxonomy.SubjectListView.as_view(), name="subjects"),
    path("skills", taxonomy.SkillListView.as_view(), name="skills"),
    path("mentors", public.MentorSearchView.as_view(), name="mentors"),
    path("mentors/proximity", public.MentorProximityView.as_view(), name="mentors-proximity"),
    path("mentors/me", me.MentorMeView.as_view(), name="mentors-me"),
    path("mentors/me/subjects", me.MentorMeSubjectsView.as_view(), name="mentors-me-subjects"),
    path(
        "mentors/me/certifications", me.MentorMeCertificationsView.as_view(), name="mentors-me-certifications"
    ),
    path("mentors/me/education", me.MentorMeEducationView.as_view(), name="mentors-me-education"),
    path("mentors/me/submit", me.MentorMeSubmitView.as_view(), name="mentors-me-submit"),
    path("mentors/me/services", me.MentorServiceListView.as_view(), name="mentors-me-services"),
    path("mentors/me/services/<uuid:id>", me.MentorServiceDetailView.as_view(), name="mentors-me-service"),
    path("mentors/me/schedule", me.MentorScheduleView.as_view(), name="mentors-me-schedule"),
    path("mentors/me/schedule/rules", me.MentorScheduleRulesView.as_view(), name="mentors-me-schedule-rules"),
    path(
        "mentors/me/schedule/rules/<uuid:id>",
        me.MentorScheduleRuleDetailView.as_view(),
        name="mentors-me-schedule-rule",
    ),
    path(
        "mentors/me/schedule/generate-slots",
        me.MentorGenerateSlotsView.as_view(),
        name="mentors-me-schedule-generate-slots",
    ),
    path("mentors/<uuid:id>", public.MentorDetailView.as_view(), name="mentor"),
    path("mentors/<uuid:id>/reviews", public.MentorReviewsView.as_view(), name="mentor-reviews"),
    path("mentors/<uuid:id>/schedule", public.PublicScheduleView.as_view(), name="mentor-schedule"),
    path("mentors/<uuid:id>/calendar", public.MentorCalendarView.as_view(), name="mentor-calendar"),
    path("slots", public.SlotListView.as_view(), name="slots"),
    path("learners/me/favorites", favorites.FavoriteListView.as_view(), name="favorites"),
    path("learners/me/favorites/<uuid:mentor_id>", favorites.FavoriteDetailView.as_view(), name="favorite"),
    path("staff/categories", taxonomy.StaffCategoryCreateView.as_view(), name="staff-categories"),
    path("staff/categories/<uuid:id>", taxonomy.StaffCategoryDetailView.as_view(), name="staff-category"),
    path("staff/subjects", taxonomy.StaffSubjectCreateView.as_view(), name="staff-subjects"),
    path("staff/subjects/<uuid:id>", taxonomy.StaffSubjectDetailView.as_view(), name="staff-subject"),
    path("staff/mentors", staff.StaffMentorListView.as_view(), name="staff-mentors"),
    path(
        "staff/mentors/<uuid:id>/approve", staff.StaffMentorApproveView.as_view(), name="staff-mentor-approve"
    ),
    path("staff/mentors/<uuid:id>/reject", staff.StaffMentorRejectView.as_view(), name="staff-mentor-reject"),
]

# --- external busy calendars (issue 8) ---
urlpatterns += [
    path("mentors/me/calendar-feeds", feeds.CalendarFeedListView.as_view(), name="mentors-me-calendar-feeds"),
    path(
        "mentors/me/calendar-feeds/<uuid:id>",
        feeds.CalendarFeedDetailView.as_view(),
        name="mentors-me-calendar-feed",
    ),
    path(
        "mentors/me/calendar-feeds/<uuid:id>/refresh",
        feeds.CalendarFeedRefreshView.as_view(),
        name="mentors-me-calendar-feed-refresh",
    ),
]
