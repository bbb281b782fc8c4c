"""Demo mentors for `manage.py seed_demo`: about 40 approved mentors across the categories, with
sessions and weekly hours in several time zones, a few applications waiting for review, and the
embeddings the recommendations need. Safe to run again: existing mentors are kept as they are.

Everything goes through mentors.services, as a real applicant and staff member would.
"""

from __future__ import annotations

from decimal import Decimal

from allauth.account.models import EmailAddress

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from mentors import matching, services
from mentors.models import Category, MentorProfile, MentorStatus, Subject

# Weekly hours, local to each mentor's own time zone.
WEEKDAYS_9_TO_5 = {
    d: ["09:00-12:00", "13:00-17:00"] for d in ("monday", "tuesday", "wednesday", "thursday", "friday")
}
EVENINGS = {d: ["18:00-21:00"] for d in ("monday", "tuesday", "wednesday", "thursday")}
WEEKENDS = {"saturday": ["10:00-14:00"], "sunday": ["10:00-13:00"]}
MORNINGS = {d: ["07:00-10:00"] for d in ("monday", "wednesday", "friday")}
MIXED = {"tuesday": ["10:00-16:00"], "thursday": ["10:00-16:00"], "saturday": ["09:00-12:00"]}

CITIES = {
    "Berlin": ("Europe/Berlin", 52.52, 13.405),
    "London": ("Europe/London", 51.5072, -0.1276),
    "New York": ("America/New_York", 40.7128, -74.006),
    "Tokyo": ("Asia/Tokyo", 35.6762, 139.6503),
    "Toronto": ("America/Toronto", 43.6532, -79.3832),
    "San Francisco": ("America/Los_Angeles", 37.7749, -122.4194),
    "Madrid": ("Europe/Madrid", 40.4168, -3.7038),
    "Sydney": ("Australia/Sydney", -33.8688, 151.2093),
    "Bangalore": ("Asia/Kolkata", 12.9716, 77.5946),
    "Nairobi": ("Africa/Nairobi", -1.2921, 36.8219),
    "São Paulo": ("America/Sao_Paulo", -23.5505, -46.6333),
}

# name, city, shares location, (category, subcategory), title, headline, subjects, skills, rate, hours
MENTORS = [
    (
        "Dana Fischer",
        "Berlin",
        True,
        ("Tech & Digital Innovation", "UX & UI Design"),
        "Senior UX Designer",
        "Mobile app design, user research and UX portfolios",
        ["UX Design"],
        ["Figma", "User research", "Prototyping"],
        85,
        WEEKDAYS_9_TO_5,
    ),
    (
        "Marco Rossi",
        "Berlin",
        True,
        ("Creativity & Arts", "Design & Media"),
        "Graphic Designer",
        "Brand identities, layout and typography",
        ["Graphic Design"],
        ["Adobe Illustrator", "Typography"],
        60,
        EVENINGS,
    ),
    (
        "Priya Nair",
        "Bangalore",
        False,
        ("Tech & Digital Innovation", "Software Development"),
        "Staff Software Engineer",
        "Python and backend systems that stay fast",
        ["Python Programming", "Web Development"],
        ["Python", "Django", "PostgreSQL"],
        70,
        MORNINGS,
    ),
    (
        "Kenji Watanabe",
        "Tokyo",
        True,
        ("Tech & Digital Innovation", "Data Science & AI"),
        "Machine Learning Engineer",
        "From notebooks to models in production",
        ["Machine Learning", "Statistics"],
        ["Python", "PyTorch", "MLOps"],
        95,
        WEEKDAYS_9_TO_5,
    ),
    (
        "Sarah Cohen",
        "New York",
        True,
        ("Law & Legal Studies", "Tax Law"),
        "Tax Attorney",
        "Corporate tax, VAT and cross-border tax planning",
        ["Tax Law"],
        ["Tax planning", "VAT"],
        150,
        WEEKDAYS_9_TO_5,
    ),
    (
        "James Okafor",
        "London",
        True,
        ("Finance & Investing", "Investing"),
        "Portfolio Manager",
        "Investing basics without the jargon",
        ["Stock Market Basics", "Personal Budgeting"],
        ["Index funds", "Risk management"],
        90,
        EVENINGS,
    ),
    (
        "Lucía Fernández",
        "Madrid",
        True,
        ("Languages & Culture", "Spanish"),
        "Spanish Teacher",
        "Conversational Spanish for travel and work",
        ["Spanish"],
        ["Conversation practice", "DELE exams"],
        30,
        MIXED,
    ),
    (
        "Hannah Becker",
        "Berlin",
        True,
        ("Languages & Culture", "German"),
        "German Tutor",
        "German from A1 to C1, with exam preparation",
        ["German"],
        ["Goethe exams", "Grammar"],
        35,
        EVENINGS,
    ),
    (
        "Tom Whitaker",
        "London",
        True,
        ("Career Development", "Interview Preparation"),
        "Career Coach",
        "Mock interviews and CVs that get replies",
        ["Interview Skills"],
        ["CV writing", "Salary negotiation"],
        65,
        WEEKDAYS_9_TO_5,
    ),
    (
        "Aisha Mwangi",
        "Nairobi",
        False,
        ("Business & Entrepreneurship", "Starting a Business"),
        "Startup Founder",
        "Validate your idea and find your first customers",
        ["Startup Fundamentals"],
        ["Lean startup", "Fundraising"],
        55,
        MORNINGS,
    ),
    (
        "Emily Zhang",
        "San Francisco",
        True,
        ("Tech & Digital Innovation", "Product Management"),
        "Product Manager",
        "Breaking into product management",
        ["Startup Fundamentals"],
        ["Roadmapping", "User interviews"],
        110,
        EVENINGS,
    ),
    (
        "Oliver Smith",
        "London",
        True,
        ("Personal Development", "Public Speaking"),
        "Public Speaking Coach",
        "Speak with confidence in meetings and on stage",
        ["Public Speaking"],
        ["Storytelling", "Presentation skills"],
        70,
        MIXED,
    ),
    (
        "Sofia Martins",
        "São Paulo",
        False,
        ("Marketing & Communications", "Digital Marketing"),
        "Growth Marketer",
        "SEO, content and paid ads that pay off",
        ["SEO & Content Marketing"],
        ["Google Ads", "SEO"],
        50,
        WEEKDAYS_9_TO_5,
    ),
    (
        "Liam O'Brien",
        "Toronto",
        True,
        ("Mathematics", "Calculus"),
        "Maths Teacher",
        "Calculus and algebra for high school and university",
        ["Calculus", "Algebra"],
        ["Exam technique"],
        40,
        EVENINGS,
    ),
    (
        "Yuki Tanaka",
        "Tokyo",
        True,
        ("Languages & Culture", "English"),
        "English Teacher",
        "Business English and IELTS preparation",
        ["English as a Second Language"],
        ["IELTS", "Business English"],
        35,
        EVENINGS,
    ),
    (
        "Grace Kim",
        "Sydney",
        False,
        ("Health & Wellness", "Nutrition"),
        "Registered Dietitian",
        "Eat well on a busy schedule",
        ["Nutrition Coaching"],
        ["Meal planning"],
        60,
        MORNINGS,
    ),
    (
        "Daniel Weber",
        "Berlin",
        True,
        ("Engineering & Manufacturing", "Mechanical Engineering"),
        "Mechanical Engineer",
        "CAD, product design and engineering careers",
        ["Physics"],
        ["SolidWorks", "CAD"],
        65,
        WEEKDAYS_9_TO_5,
    ),
    (
        "Nadia Haddad",
        "London",
        True,
        ("Accessibility & Inclusion", "Inclusive Design"),
        "Accessibility Specialist",
        "Accessible websites and apps, WCAG in practice",
        ["Accessible Web Design"],
        ["WCAG", "Screen readers"],
        80,
        WEEKDAYS_9_TO_5,
    ),
    (
        "Carlos Ruiz",
        "Madrid",
        False,
        ("Creativity & Arts", "Music"),
        "Guitarist and Composer",
        "Guitar, music theory and songwriting",
        ["Music Theory"],
        ["Guitar", "Songwriting"],
        40,
        WEEKENDS,
    ),
    (
        "Ava Johnson",
        "New York",
        True,
        ("Creativity & Arts", "Writing & Storytelling"),
        "Author and Editor",
        "Finish your novel and get it read",
        ["Creative Writing"],
        ["Editing", "Storytelling"],
        75,
        EVENINGS,
    ),
    (
        "Rahul Mehta",
        "Bangalore",
        False,
        ("Tech & Digital Innovation", "Cloud & DevOps"),
        "DevOps Engineer",
        "Kubernetes, CI/CD and cloud cost control",
        ["Web Development"],
        ["Kubernetes", "AWS", "Terraform"],
        75,
        WEEKDAYS_9_TO_5,
    ),
    (
        "Ingrid Larsen",
        "Berlin",
        False,
        ("Environment & Sustainability", "Climate & Energy"),
        "Climate Analyst",
        "Careers in climate and renewable energy",
        [],
        ["Carbon accounting", "Energy policy"],
        55,
        MIXED,
    ),
    (
        "Michael Brown",
        "Toronto",
        False,
        ("Finance & Investing", "Accounting"),
        "Chartered Accountant",
        "Bookkeeping and accounts for small businesses",
        ["Personal Budgeting"],
        ["Bookkeeping", "Excel"],
        60,
        WEEKDAYS_9_TO_5,
    ),
    (
        "Chloé Dubois",
        "London",
        False,
        ("Languages & Culture", "French"),
        "French Tutor",
        "French for beginners and DELF exams",
        ["French"],
        ["DELF exams", "Pronunciation"],
        35,
        WEEKENDS,
    ),
    (
        "Wei Chen",
        "San Francisco",
        False,
        ("Languages & Culture", "Mandarin"),
        "Mandarin Teacher",
        "Mandarin for work and travel",
        ["Mandarin Chinese"],
        ["HSK exams"],
        40,
        EVENINGS,
    ),
    (
        "Fatima Zahra",
        "Madrid",
        False,
        ("Science & Research", "Biology"),
        "Biologist",
        "Biology for exams and research careers",
        ["Biology", "Chemistry"],
        ["Lab skills"],
        45,
        MIXED,
    ),
    (
        "Ethan Clarke",
        "New York",
        True,
        ("Business & Entrepreneurship", "Leadership & Management"),
        "Engineering Manager",
        "Your first year as a manager",
        ["Leadership"],
        ["1:1s", "Hiring"],
        120,
        EVENINGS,
    ),
    (
        "Mia Schulz",
        "Berlin",
        False,
        ("Health & Wellness", "Yoga & Mindfulness"),
        "Yoga Teacher",
        "Mindfulness and yoga for desk workers",
        [],
        ["Yoga", "Meditation"],
        30,
        MORNINGS,
    ),
    (
        "Noah Williams",
        "Sydney",
        False,
        ("Sports & Recreation", "Coaching"),
        "Running Coach",
        "Your first marathon, injury-free",
        [],
        ["Marathon training"],
        45,
        MORNINGS,
    ),
    (
        "Zara Ahmed",
        "London",
        False,
        ("Tech & Digital Innovation", "Cybersecurity"),
        "Security Engineer",
        "Start a career in cybersecurity",
        [],
        ["Penetration testing", "Security+"],
        90,
        WEEKDAYS_9_TO_5,
    ),
    (
        "Lena Novak",
        "Berlin",
        False,
        ("Education & Teaching", "Tutoring"),
        "Maths and Physics Tutor",
        "Patient tutoring for secondary school",
        ["Physics", "Algebra"],
        ["Exam technique"],
        30,
        EVENINGS,
    ),
    (
        "Samuel Adeyemi",
        "Nairobi",
        False,
        ("Social Impact & Nonprofit", "Fundraising"),
        "Nonprofit Director",
        "Grant writing and fundraising for small charities",
        [],
        ["Grant writing"],
        40,
        MIXED,
    ),
    (
        "Olivia Garcia",
        "San Francisco",
        False,
        ("Creativity & Arts", "Photography & Film"),
        "Photographer",
        "Portrait photography and editing",
        [],
        ["Lightroom", "Portraits"],
        55,
        WEEKENDS,
    ),
    (
        "Hiro Yamamoto",
        "Tokyo",
        False,
        ("Lifestyle & Hobbies", "Cooking"),
        "Chef",
        "Japanese home cooking",
        [],
        ["Knife skills", "Japanese cuisine"],
        35,
        WEEKENDS,
    ),
    (
        "Isabel Costa",
        "São Paulo",
        False,
        ("Parenting & Family", "Returning to Work"),
        "Career Returner Coach",
        "Back to work after parental leave",
        ["Interview Skills"],
        ["Confidence coaching"],
        45,
        MORNINGS,
    ),
    (
        "Ben Taylor",
        "Toronto",
        False,
        ("Trades & Skilled Work", "Carpentry"),
        "Carpenter",
        "Woodworking basics and furniture making",
        [],
        ["Joinery", "Hand tools"],
        35,
        WEEKENDS,
    ),
    (
        "Ruth Levy",
        "New York",
        False,
        ("Law & Legal Studies", "Intellectual Property"),
        "IP Lawyer",
        "Protect your brand and your code",
        [],
        ["Trademarks", "Open-source licences"],
        140,
        WEEKDAYS_9_TO_5,
    ),
    (
        "Anika Sharma",
        "Bangalore",
        False,
        ("Medicine & Healthcare", "Medical Studies"),
        "Doctor",
        "Medical school entrance and study plans",
        ["Biology", "Chemistry"],
        ["NEET preparation"],
        50,
        EVENINGS,
    ),
    (
        "Peter Jansen",
        "London",
        False,
        ("Mathematics", "Statistics"),
        "Data Analyst",
        "Statistics that make sense, with R and Excel",
        ["Statistics"],
        ["R", "Excel"],
        50,
        MIXED,
    ),
    (
        "Elena Petrova",
        "Madrid",
        False,
        ("Tech & Digital Innovation", "UX & UI Design"),
        "UI Designer",
        "Design systems and beautiful interfaces",
        ["UX Design", "Graphic Design"],
        ["Figma", "Design systems"],
        70,
        WEEKDAYS_9_TO_5,
    ),
]

# Applications waiting for staff review (the Django admin lists them as pending).
PENDING = [
    (
        "Victor Hugo Lima",
        "São Paulo",
        ("Languages & Culture", "English"),
        "English Tutor",
        ["English as a Second Language"],
        25,
    ),
    ("Julia Roberts", "London", ("Personal Development", "Productivity"), "Productivity Coach", [], 45),
    (
        "Ahmed Saleh",
        "Berlin",
        ("Tech & Digital Innovation", "Software Development"),
        "Frontend Developer",
        ["Web Development"],
        60,
    ),
]


def _email(name: str) -> str:
    local = "".join(ch for ch in name.lower().replace(" ", ".") if ch.isalnum() or ch == ".")
    return f"{local}@mentors.mentora.local"


def _user(name: str, zone: str) -> tuple[User, bool]:
    email = _email(name)
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"full_name": name, "timezone": zone, "is_verified": True, "onboarding_completed": True},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"primary": True, "verified": True})
    return user, created


def _taxonomy(parent: str, child: str) -> list[dict]:
    sub = Category.objects.get(parent__name=parent, name=child)
    return [{"category_id": sub.parent_id, "subcategory_ids": [sub.pk]}]


def _bio(title: str, headline: str, skills: list[str]) -> str:
    return (
        f"{title} by trade, and I have mentored people at every stage of their careers. {headline}. "
        f"In our sessions we work on your own goals and projects, with practical exercises"
        + (f" in {', '.join(skills[:-1])} and {skills[-1]}." if len(skills) > 1 else ".")
    )


def seed(stdout) -> None:
    staff = User.objects.filter(is_staff=True).order_by("date_joined").first()
    subjects = {s.name: str(s.pk) for s in Subject.objects.all()}
    created_ids = []
    for index, (
        name,
        city,
        shares,
        (parent, child),
        title,
        headline,
        subject_names,
        skills,
        rate,
        hours,
    ) in enumerate(MENTORS):
        zone, lat, lng = CITIES[city]
        user, _ = _user(name, zone)
        if MentorProfile.objects.filter(user=user).exists():
            continue
        mentor = services.mentor_apply(
            user=user,
            title=title,
            headline=headline,
            bio=_bio(title, headline, skills),
            hourly_rate=Decimal(rate),
            currency="EUR"
            if zone.startswith("Europe/") and city != "London"
            else "GBP"
            if city == "London"
            else "USD",
            years_of_experience=4 + index % 15,
            languages=["en"] + (["de"] if city == "Berlin" else ["es"] if city == "Madrid" else []),
            lesson_types=["video"] + (["in_person"] if shares else []),
            categories=_taxonomy(parent, child),
            subject_ids=[subjects[s] for s in subject_names if s in subjects],
            skills=skills,
            city=city,
            share_location=shares,
            latitude=lat if shares else None,
            longitude=lng if shares else None,
            availability=hours,
            submit=True,
        )
        services.service_create(
            mentor=mentor,
            title="Intro call",
            duration_minutes=30,
            price=Decimal(rate) / 2,
            description="Get to know each other and set goals.",
        )
        services.service_create(
            mentor=mentor,
            title=f"{child} session",
            duration_minutes=60,
            price=Decimal(rate),
            description=headline,
        )
        if index % 3 == 0:
            services.service_create(
                mentor=mentor,
                title="Deep dive",
                duration_minutes=90,
                price=Decimal(rate) * Decimal("1.4"),
                description="Time for a larger piece of work.",
            )
        services.mentor_approve(mentor=mentor, actor=staff)
        created_ids.append(mentor.pk)
    for name, city, (parent, child), title, subject_names, rate in PENDING:
        zone, _, _ = CITIES[city]
        user, _ = _user(name, zone)
        if MentorProfile.objects.filter(user=user).exists():
            continue
        services.mentor_apply(
            user=user,
            title=title,
            headline=f"{title} ready to help",
            bio=_bio(title, f"I am new to Mentora and keen to help with {child.lower()}", []),
            hourly_rate=Decimal(rate),
            years_of_experience=3,
            languages=["en"],
            categories=_taxonomy(parent, child),
            subject_ids=[subjects[s] for s in subject_names if s in subjects],
            skills=[child],
            availability=WEEKDAYS_9_TO_5,
            submit=True,
        )
    # One batch for every profile the loop made: a few seconds instead of one model run each.
    embedded = matching.mentor_embeddings_refresh(
        mentor_ids=MentorProfile.objects.filter(status=MentorStatus.APPROVED).values_list("pk", flat=True)
    )
    stdout.write(
        f"  {len(created_ids)} demo mentors added and approved ({len(MENTORS) - len(created_ids)} kept), "
        f"{embedded} profile embeddings computed"
    )
