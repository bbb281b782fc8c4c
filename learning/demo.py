"""Demo catalogue for `manage.py seed_demo`: 32 courses, workshops, cohorts, mentorship offers and
jobs across the categories, with lessons; the demo learner Lea (learner@mentora.local) has a
course in progress, a finished course and an active learning path; Dana Fischer (a demo mentor)
authors a workshop.

Everything goes through learning.services, as authors and learners would do it. Safe to run
again: an opportunity with the same title is kept, and Lea's enrollments and path are made once.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from accounts.portfolio import demo as portfolio_demo
from core.errors import DomainError
from learning import demo_rewards
from learning.models import Enrollment, LearningPath, Opportunity, OpportunityType, PathStatus
from learning.services import catalogue, enrollment, paths, progress
from learning.services.recommend import opportunity_embeddings_refresh
from mentors.demo import _email as mentor_email
from mentors.models import Category, MentorProfile

LEA = "learner@mentora.local"
C, W, G, M, J = (
    OpportunityType.COURSE,
    OpportunityType.WORKSHOP,
    OpportunityType.GROUP,
    OpportunityType.MENTORSHIP,
    OpportunityType.JOB,
)

# type, category, subcategory, title, summary, difficulty, price (None: free), tags, mentor, lessons
CATALOGUE = [
    (C, "Tech & Digital Innovation", "Software Development", "Python from zero", "Variables, loops, functions and your first script", "beginner", None, ["python", "programming"], "Priya Nair",
     ["Installing Python", "Values and variables", "Making decisions", "Loops", "Functions", "Reading files", "Your first script", "Where next"]),
    (C, "Tech & Digital Innovation", "Data Science & AI", "Data analysis with pandas", "Load, clean, group and plot real data", "intermediate", Decimal("49.00"), ["python", "pandas", "data"], "Kenji Watanabe",
     ["DataFrames", "Cleaning data", "Grouping", "Joining tables", "Plotting", "A small report"]),
    (C, "Tech & Digital Innovation", "Data Science & AI", "Machine learning foundations", "Models, features and honest evaluation", "advanced", Decimal("89.00"), ["machine learning", "python"], "Kenji Watanabe",
     ["What a model is", "Features", "Training and testing", "Overfitting", "Evaluation", "A first project"]),
    (C, "Tech & Digital Innovation", "UX & UI Design", "UX research basics", "Interviews, personas and usability tests", "beginner", None, ["ux", "research"], "Dana Fischer",
     ["Why research", "Planning interviews", "Running an interview", "Personas", "Usability tests"]),
    (C, "Tech & Digital Innovation", "UX & UI Design", "Designing mobile apps in Figma", "From wireframe to clickable prototype", "intermediate", Decimal("39.00"), ["figma", "mobile", "ui"], "Dana Fischer",
     ["Frames and grids", "Components", "Auto layout", "Prototyping", "Handing off"]),
    (C, "Tech & Digital Innovation", "Cloud & DevOps", "Docker for developers", "Images, containers and compose", "intermediate", None, ["docker", "devops"], None,
     ["Why containers", "Images", "Containers", "Volumes", "Compose"]),
    (C, "Tech & Digital Innovation", "Cybersecurity", "Security essentials for everyone", "Passwords, phishing and safe habits", "beginner", None, ["security"], None,
     ["Passwords", "Two-factor", "Phishing", "Updates", "Backups"]),
    (C, "Tech & Digital Innovation", "Product Management", "Product discovery", "Find problems worth solving", "intermediate", Decimal("29.00"), ["product", "discovery"], "Emily Zhang",
     ["Opportunity trees", "Interviews", "Experiments", "Prioritising"]),
    (C, "Mathematics", "Statistics", "Statistics without tears", "Averages, spread and probability in plain words", "beginner", None, ["statistics", "maths"], "Liam O'Brien",
     ["Averages", "Spread", "Probability", "Distributions", "Samples", "Confidence"]),
    (C, "Mathematics", "Algebra", "Algebra refresher", "Equations and graphs, step by step", "beginner", None, ["algebra", "maths"], "Liam O'Brien",
     ["Expressions", "Equations", "Inequalities", "Graphs"]),
    (C, "Languages & Culture", "Spanish", "Spanish for travellers", "Order, ask and chat on your next trip", "beginner", Decimal("19.00"), ["spanish", "travel"], None,
     ["Greetings", "Numbers", "At the café", "Directions", "Small talk"]),
    (C, "Languages & Culture", "English", "Business English emails", "Clear, polite emails that get answers", "intermediate", None, ["english", "writing"], "Yuki Tanaka",
     ["Subject lines", "Openings", "Requests", "Follow-ups"]),
    (C, "Business & Entrepreneurship", "Starting a Business", "From idea to first customer", "Validate an idea in four weeks", "beginner", Decimal("59.00"), ["startup", "validation"], "Aisha Mwangi",
     ["Problem first", "Talking to customers", "A landing page", "Pricing", "The first sale"]),
    (C, "Business & Entrepreneurship", "Leadership & Management", "First-time manager", "One-to-ones, feedback and delegation", "intermediate", None, ["management", "leadership"], None,
     ["Your new role", "One-to-ones", "Feedback", "Delegation", "Hard conversations"]),
    (C, "Marketing & Communications", "Digital Marketing", "Growth marketing playbook", "Channels, funnels and experiments", "intermediate", Decimal("45.00"), ["marketing", "growth"], "Sofia Martins",
     ["Funnels", "Channels", "Experiments", "Metrics"]),
    (C, "Finance & Investing", "Personal Finance", "Money basics", "Budget, save and avoid debt traps", "beginner", None, ["budgeting", "saving"], None,
     ["Budgeting", "Emergency fund", "Debt", "Saving goals"]),
    (C, "Finance & Investing", "Investing", "Index investing explained", "Funds, fees and time in the market", "intermediate", Decimal("25.00"), ["investing", "etf"], "James Okafor",
     ["Why index funds", "Fees", "Risk", "Rebalancing"]),
    (C, "Health & Wellness", "Nutrition", "Eating well on a budget", "Simple meals, real nutrition", "beginner", None, ["nutrition", "cooking"], "Grace Kim",
     ["Plate basics", "Shopping lists", "Batch cooking", "Snacks"]),
    (C, "Accessibility & Inclusion", "Digital Accessibility", "Accessible web pages", "WCAG in practice: structure, contrast, keyboard", "intermediate", None, ["accessibility", "wcag"], "Nadia Haddad",
     ["Headings and landmarks", "Contrast", "Keyboard", "Forms", "Testing with a screen reader"]),
    (C, "Career Development", "Job Search", "Job search sprint", "CV, LinkedIn and interviews in three weeks", "beginner", None, ["career", "cv", "interviews"], "Tom Whitaker",
     ["Your target role", "CV", "LinkedIn", "Applications", "Interviews"]),
    (C, "Personal Development", "Public Speaking", "Speak with confidence", "Structure a talk and handle nerves", "beginner", Decimal("15.00"), ["speaking", "confidence"], "Oliver Smith",
     ["Structure", "Openings", "Voice", "Nerves", "Questions"]),
    (C, "Engineering & Manufacturing", "Mechanical Engineering", "CAD fundamentals", "Sketches, parts and assemblies", "beginner", None, ["cad", "engineering"], "Daniel Weber",
     ["Sketches", "Constraints", "Parts", "Assemblies"]),
    (W, "Tech & Digital Innovation", "UX & UI Design", "Portfolio review workshop", "Bring your UX portfolio, leave with a plan", "intermediate", Decimal("35.00"), ["ux", "portfolio"], "Dana Fischer", []),
    (W, "Tech & Digital Innovation", "Software Development", "Git in an afternoon", "Branches, merges and pull requests, hands on", "beginner", None, ["git"], "Priya Nair", []),
    (W, "Marketing & Communications", "Content & Social Media", "Write a month of posts", "A live writing session with templates", "beginner", None, ["content", "social media"], "Sofia Martins", []),
    (W, "Career Development", "Job Search", "Mock interview evening", "Practise with feedback from a coach", "intermediate", Decimal("20.00"), ["interviews"], "Tom Whitaker", []),
    (G, "Tech & Digital Innovation", "Data Science & AI", "Data science cohort", "Eight weeks, small group, a portfolio project", "intermediate", Decimal("299.00"), ["data", "cohort"], "Kenji Watanabe",
     ["Kick-off", "Week 1: data wrangling", "Week 3: visualisation", "Week 5: models", "Week 8: demo day"]),
    (G, "Business & Entrepreneurship", "Starting a Business", "Founders' circle", "Six founders, six weeks, weekly accountability", "beginner", Decimal("149.00"), ["startup", "cohort"], "Aisha Mwangi",
     ["Introductions", "Goals", "Weekly check-ins", "Demo"]),
    (M, "Tech & Digital Innovation", "Product Management", "PM career mentorship", "Monthly 1:1s on your path into product", "intermediate", None, ["product", "career"], "Emily Zhang", []),
    (M, "Languages & Culture", "English", "IELTS speaking coaching", "1:1 speaking practice towards band 7", "intermediate", None, ["english", "ielts"], "Yuki Tanaka", []),
    (J, "Tech & Digital Innovation", "Software Development", "Junior Python developer", "A remote team building learning tools", "beginner", None, ["python", "remote"], None, []),
    (J, "Accessibility & Inclusion", "Digital Accessibility", "Accessibility tester (part time)", "Test web apps with assistive technology", "intermediate", None, ["accessibility"], None, []),
]  # fmt: skip


def _lesson_text(title: str, course: str) -> str:
    return (
        f"## {title}\n\nThis lesson of *{course}* covers **{title.lower()}**.\n\n"
        "1. Read the notes below.\n2. Try the exercise.\n3. Mark the lesson complete.\n\n"
        f"> Tip: write down one question about {title.lower()} to bring to your mentor."
    )


def _subcategory(category: str, name: str) -> Category | None:
    found = Category.objects.filter(parent__name=category, name=name).select_related("parent").first()
    return found or Category.objects.filter(parent__name=category).select_related("parent").first()


def _author(mentor_name: str | None):
    if mentor_name is None:
        return User.objects.filter(is_staff=True).order_by("date_joined").first(), None
    profile = (
        MentorProfile.objects.filter(user__email=mentor_email(mentor_name)).select_related("user").first()
    )
    return (profile.user, profile) if profile else (User.objects.filter(is_staff=True).first(), None)


def seed(stdout) -> None:
    now = timezone.now()
    made = 0
    for number, (kind, category, sub, title, summary, level, price, tags, mentor, lessons) in enumerate(
        CATALOGUE
    ):
        if Opportunity.objects.filter(title=title).exists():
            continue
        subcategory = _subcategory(category, sub)
        author, profile = _author(mentor)
        if subcategory is None or author is None:
            continue
        data = {
            "type": kind,
            "title": title,
            "summary": summary,
            "description": f"{summary}.\n\n**Level:** {level}. Made for learners who want to get going with {', '.join(tags)}.",
            "difficulty": level,
            "category_id": subcategory.parent_id,
            "subcategory_id": subcategory.pk,
            "tags": tags,
            "price": price,
            "credit_price": int(price) if price else None,
            "lessons": [
                {"title": name, "duration_minutes": 15 + 5 * (i % 3), "content": _lesson_text(name, title)}
                for i, name in enumerate(lessons)
            ],
        }
        if author.is_staff and profile is not None:
            data["mentor_id"] = profile.pk
        if kind in (W, G):
            start = (now + timedelta(days=3 + number % 20)).replace(
                hour=16, minute=0, second=0, microsecond=0
            )
            data.update(starts_at=start, ends_at=start + timedelta(hours=2 if kind == W else 24 * 56),
                        capacity=12 if kind == W else 8, schedule="Online, live" if kind == W else "Weekly, Tuesdays 16:00 UTC",
                        location="Online", duration_minutes=120 if kind == W else 16 * 60)  # fmt: skip
        if kind == J:
            data.update(apply_url="https://careers.mentora.local/apply", employer="Mentora Learning Ltd")
        if kind == M:
            data["duration_minutes"] = 60
        item = catalogue.opportunity_create(user=author, data=data)
        try:
            catalogue.opportunity_publish(opportunity_id=item.pk, user=author)
        except DomainError as error:
            stdout.write(f"  {title}: {error.message}")
        made += 1
    opportunity_embeddings_refresh()
    _lea()
    stdout.write(f"Learning: {made} opportunities added; the catalogue has {Opportunity.objects.count()}.")
    demo_rewards.seed(stdout)
    # Lea's resumes and portfolio (accounts) list the sessions, courses and rewards made above.
    portfolio_demo.seed(stdout)


def _lea() -> None:
    lea = User.objects.filter(email=LEA).first()
    if lea is None:
        return
    for title, finish in (("Python from zero", False), ("Statistics without tears", True)):
        item = Opportunity.objects.filter(title=title).first()
        if item is None or Enrollment.objects.filter(user=lea, opportunity=item).exists():
            continue
        result = enrollment.enrollment_create(user=lea, opportunity_id=item.pk)
        lessons = list(item.lessons.order_by("order").values_list("pk", flat=True))
        done = lessons if finish else lessons[:3]
        progress.progress_update(
            enrollment_id=result.enrollment.pk,
            user=lea,
            completed_lesson_ids=done,
            current_lesson_id=None if finish else lessons[3],
            time_spent_minutes=25 * len(done),
        )
    data_science = Category.objects.filter(name="Data Science & AI", parent__isnull=False).first()
    if (
        data_science
        and not LearningPath.objects.filter(
            user=lea, subcategory=data_science, status=PathStatus.ACTIVE
        ).exists()
    ):
        path = paths.path_create(user=lea, subcategory_id=data_science.pk)
        paths.milestone_complete(path_id=path.pk, user=lea, step=1)
