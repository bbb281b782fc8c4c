"""The 22 top-level categories (Soosh) with their subcategories, and starter subjects (EduStream).

The data lives here, frozen with the migration, so every installation starts with the same
taxonomy; staff edit it afterwards through the staff API or the Django admin.
"""

from django.db import migrations
from django.utils.text import slugify

TAXONOMY = [
    ("Creativity & Arts", "palette", "Make things: art, design, music, words and images.",
     ["Visual Arts", "Design & Media", "Music", "Writing & Storytelling", "Photography & Film"]),
    ("Tech & Digital Innovation", "cpu", "Build software, work with data and shape digital products.",
     ["Software Development", "Data Science & AI", "Cybersecurity", "Cloud & DevOps", "Product Management", "UX & UI Design"]),
    ("Business & Entrepreneurship", "briefcase", "Start, run and grow a business.",
     ["Starting a Business", "Strategy & Operations", "Sales", "Leadership & Management"]),
    ("Marketing & Communications", "megaphone", "Reach people and tell your story well.",
     ["Digital Marketing", "Branding", "Content & Social Media", "Public Relations"]),
    ("Finance & Investing", "chart", "Understand money, from your own budget to markets.",
     ["Personal Finance", "Investing", "Accounting", "Fintech"]),
    ("Law & Legal Studies", "scale", "Know your rights and navigate legal work.",
     ["Tax Law", "Business Law", "Intellectual Property", "Employment Law"]),
    ("Health & Wellness", "heart", "Look after body and mind.",
     ["Fitness", "Nutrition", "Mental Health", "Yoga & Mindfulness"]),
    ("Medicine & Healthcare", "stethoscope", "Study and work in health care.",
     ["Medical Studies", "Nursing", "Public Health", "Healthcare Careers"]),
    ("Science & Research", "flask", "Explore the natural sciences and how research is done.",
     ["Physics", "Chemistry", "Biology", "Research Methods"]),
    ("Mathematics", "sigma", "From the basics to exam-level mathematics.",
     ["Algebra", "Calculus", "Statistics", "Exam Preparation"]),
    ("Languages & Culture", "globe", "Learn a language and the culture around it.",
     ["English", "Spanish", "French", "German", "Mandarin"]),
    ("Education & Teaching", "school", "Teach, tutor and design learning.",
     ["Teaching Skills", "Tutoring", "Curriculum Design", "Special Education"]),
    ("Career Development", "compass", "Find, change and grow your career.",
     ["Job Search & CVs", "Interview Preparation", "Career Change", "Networking"]),
    ("Personal Development", "sprout", "Grow habits, confidence and focus.",
     ["Productivity", "Public Speaking", "Confidence", "Habits & Goals"]),
    ("Engineering & Manufacturing", "gear", "Design and build the physical world.",
     ["Mechanical Engineering", "Electrical Engineering", "Civil Engineering", "Industrial Design"]),
    ("Environment & Sustainability", "leaf", "Work on climate, energy and nature.",
     ["Climate & Energy", "Sustainable Business", "Conservation", "Urban Planning"]),
    ("Social Impact & Nonprofit", "hands", "Make a difference through organisations and communities.",
     ["Nonprofit Management", "Fundraising", "Community Organising", "Social Enterprise"]),
    ("Sports & Recreation", "trophy", "Play, coach and organise sport.",
     ["Coaching", "Esports", "Outdoor Skills", "Sports Management"]),
    ("Lifestyle & Hobbies", "home", "Enjoy and get better at everyday crafts.",
     ["Cooking", "Gardening", "Crafts & DIY", "Travel"]),
    ("Parenting & Family", "family", "Support for families at every stage.",
     ["Early Childhood", "Teen Years", "Returning to Work", "Family Finance"]),
    ("Accessibility & Inclusion", "accessibility", "Build a world that works for everyone.",
     ["Assistive Technology", "Inclusive Design", "Disability Advocacy", "Neurodiversity"]),
    ("Trades & Skilled Work", "hammer", "Learn a hands-on trade.",
     ["Carpentry", "Electrical Trades", "Plumbing", "Automotive"]),
]

# (subject, category, subcategory)
SUBJECTS = [
    ("Algebra", "Mathematics", "Algebra"),
    ("Calculus", "Mathematics", "Calculus"),
    ("Statistics", "Mathematics", "Statistics"),
    ("SAT Math", "Mathematics", "Exam Preparation"),
    ("Physics", "Science & Research", "Physics"),
    ("Chemistry", "Science & Research", "Chemistry"),
    ("Biology", "Science & Research", "Biology"),
    ("English as a Second Language", "Languages & Culture", "English"),
    ("Spanish", "Languages & Culture", "Spanish"),
    ("French", "Languages & Culture", "French"),
    ("German", "Languages & Culture", "German"),
    ("Mandarin Chinese", "Languages & Culture", "Mandarin"),
    ("Python Programming", "Tech & Digital Innovation", "Software Development"),
    ("Web Development", "Tech & Digital Innovation", "Software Development"),
    ("Machine Learning", "Tech & Digital Innovation", "Data Science & AI"),
    ("UX Design", "Tech & Digital Innovation", "UX & UI Design"),
    ("Graphic Design", "Creativity & Arts", "Design & Media"),
    ("Drawing & Painting", "Creativity & Arts", "Visual Arts"),
    ("Music Theory", "Creativity & Arts", "Music"),
    ("Creative Writing", "Creativity & Arts", "Writing & Storytelling"),
    ("Personal Budgeting", "Finance & Investing", "Personal Finance"),
    ("Stock Market Basics", "Finance & Investing", "Investing"),
    ("Tax Law", "Law & Legal Studies", "Tax Law"),
    ("Startup Fundamentals", "Business & Entrepreneurship", "Starting a Business"),
    ("Leadership", "Business & Entrepreneurship", "Leadership & Management"),
    ("SEO & Content Marketing", "Marketing & Communications", "Digital Marketing"),
    ("Interview Skills", "Career Development", "Interview Preparation"),
    ("Public Speaking", "Personal Development", "Public Speaking"),
    ("Nutrition Coaching", "Health & Wellness", "Nutrition"),
    ("Accessible Web Design", "Accessibility & Inclusion", "Inclusive Design"),
]


def load(apps, schema_editor):
    Category = apps.get_model("mentors", "Category")
    Subject = apps.get_model("mentors", "Subject")
    by_name = {}
    for order, (name, icon, description, children) in enumerate(TAXONOMY):
        parent, _ = Category.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "icon": icon, "description": description, "sort_order": order}
        )
        by_name[name] = parent
        for child_order, child in enumerate(children):
            sub, _ = Category.objects.get_or_create(
                slug=f"{slugify(name)}-{slugify(child)}",
                defaults={"name": child, "parent": parent, "sort_order": child_order, "description": f"{child} within {name}."},
            )
            by_name[(name, child)] = sub
    for name, category, subcategory in SUBJECTS:
        Subject.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "category": by_name[category], "subcategory": by_name[(category, subcategory)]},
        )


class Migration(migrations.Migration):
    dependencies = [("mentors", "0002_busy_no_overlap")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
