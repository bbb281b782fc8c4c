"""iCalendar bodies for the feed tests, written as the calendar apps export them (CRLF lines)."""

from __future__ import annotations

NEW_YORK_ZONE = """BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:DAYLIGHT
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
TZNAME:EDT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
TZNAME:EST
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
END:STANDARD
END:VTIMEZONE
"""

# A weekly Monday meeting at 05:00-06:00 New York time from 1 March 2027, seen by a mentor in
# London. New York moves its clocks on 14 March, London on 28 March, so the meeting is at 10:00,
# then 09:00, then 10:00 again London time. 22 March is an exception date, 29 March's occurrence
# is cancelled, 5 April's is moved an hour later. A transparent event (free time) on 12 April at
# 09:00 London and an all-day event on 19 April complete it.
WEEKLY_ACROSS_DST = (
    """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Mentora tests//Feed//EN
"""
    + NEW_YORK_ZONE
    + """BEGIN:VEVENT
UID:standup@example.test
DTSTAMP:20270101T000000Z
DTSTART;TZID=America/New_York:20270301T050000
DTEND;TZID=America/New_York:20270301T060000
RRULE:FREQ=WEEKLY;BYDAY=MO
EXDATE;TZID=America/New_York:20270322T050000
SUMMARY:Stand-up with the New York team
END:VEVENT
BEGIN:VEVENT
UID:standup@example.test
DTSTAMP:20270101T000000Z
RECURRENCE-ID;TZID=America/New_York:20270329T050000
DTSTART;TZID=America/New_York:20270329T050000
DTEND;TZID=America/New_York:20270329T060000
STATUS:CANCELLED
SUMMARY:Stand-up with the New York team
END:VEVENT
BEGIN:VEVENT
UID:standup@example.test
DTSTAMP:20270101T000000Z
RECURRENCE-ID;TZID=America/New_York:20270405T050000
DTSTART;TZID=America/New_York:20270405T060000
DTEND;TZID=America/New_York:20270405T070000
SUMMARY:Stand-up with the New York team (moved)
END:VEVENT
BEGIN:VEVENT
UID:focus@example.test
DTSTAMP:20270101T000000Z
DTSTART:20270412T080000Z
DTEND:20270412T090000Z
TRANSP:TRANSPARENT
SUMMARY:Focus time (free)
END:VEVENT
BEGIN:VEVENT
UID:holiday@example.test
DTSTAMP:20270101T000000Z
DTSTART;VALUE=DATE:20270419
DTEND;VALUE=DATE:20270420
SUMMARY:Bank holiday
END:VEVENT
END:VCALENDAR
"""
)


def calendar(*events: str, header: str = "") -> bytes:
    """A VCALENDAR around the given VEVENT bodies (each without BEGIN/END lines)."""
    text = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Mentora tests//Feed//EN\n" + header
    for n, event in enumerate(events):
        text += f"BEGIN:VEVENT\nUID:event-{n}@example.test\nDTSTAMP:20270101T000000Z\n{event.strip()}\nEND:VEVENT\n"
    return crlf(text + "END:VCALENDAR\n")


def crlf(text: str) -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode()


def one_event(start: str, end: str, extra: str = "") -> bytes:
    return calendar(f"DTSTART:{start}\nDTEND:{end}\n{extra}")
