"""What the demo mentors share: weekly hours, the cities they live in, and the applications still
waiting for review."""

from __future__ import annotations

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
