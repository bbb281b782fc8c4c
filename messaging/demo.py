"""Demo conversations and notifications for `manage.py seed_demo`, between the demo users of
accounts/demo.py. Idempotent: messages carry a client id and notifications a dedupe key, so a
second run finds them instead of adding more."""

from accounts.models import User
from messaging import services
from messaging.models import NotificationType

THREADS = [
    (
        "learner@mentora.local",
        "ada@mentora.local",
        [
            ("learner", "Hi Ada! Are you still up for the pairing session on accessible forms?"),
            ("other", "Yes! Thursday works for me. I will bring the screen-reader notes."),
            ("learner", "Perfect, see you then."),
        ],
    ),
    (
        "staff@mentora.local",
        "learner@mentora.local",
        [("learner", "Welcome to Mentora, Lea. Write here if anything is unclear.")],
    ),
]

NOTIFICATIONS = [
    (
        "learner@mentora.local",
        NotificationType.ACHIEVEMENT_UNLOCKED,
        "Achievement unlocked: First steps",
        "You completed your profile. Keep going!",
        "/account/",
    ),
    (
        "learner@mentora.local",
        NotificationType.COURSE_UPDATE,
        "New lesson in Intro to Mentoring",
        "A new lesson on giving feedback is out.",
        "",
    ),
    ("ada@mentora.local", NotificationType.GROUP_POST, "New post in Accessible Design", "", ""),
]


def seed(stdout) -> None:
    people = {u.email: u for u in User.objects.filter(email__in=[e for t in THREADS for e in t[:2]])}
    for first_email, other_email, lines in THREADS:
        first, other = people.get(first_email), people.get(other_email)
        if first is None or other is None:
            continue
        for index, (who, text) in enumerate(lines):
            sender, recipient = (first, other) if who == "learner" else (other, first)
            services.message_send(
                sender=sender,
                recipient_id=recipient.pk,
                text=text,
                client_id=f"demo:{recipient.email}:{index}",
            )
        stdout.write(f"  conversation {first_email} <-> {other_email}")
    for email, type, title, body, url in NOTIFICATIONS:
        user = User.objects.filter(email=email).first()
        if user is not None:
            services.notify(
                user=user,
                type=type,
                title=title,
                body=body,
                action_url=url,
                dedupe_key=f"demo:{type}:{title}",
            )
    stdout.write("  demo notifications")
