"""`make bench`, dashboards part (issue 20): every staff dashboard endpoint on a PostgreSQL database
of 100,000 accounts and 1,000,000 bookings, with the figures' cache cold.

    python -m tests.benchmarks.dashboards [--quick] [--runs 7] [--users 100000] [--bookings 1000000]

1. Creates the database of DASHBOARD_BENCH_DATABASE_URL if missing (default
   `mentora_bench_dashboards` on 127.0.0.1:5432: not the search bench's database, whose 10,000
   mentors would be a different shape), migrates it and seeds it once with INSERT ... SELECT over
   generate_series (about a minute; a later run finds it seeded and reuses it). Accounts joined
   over the last 24 months, 5 % of them approved mentors, bookings over those months and the
   next one in every status, a card payment for most of them in USD, EUR or GBP, refunds in a
   later month than their payment, and reviews.
2. Times one call of each endpoint with nothing stored (the aggregates over the tables), runs
   the beat job that stores the figures (analytics.services.staff_figures_refresh), then
   measures each endpoint through Django's full request stack in this process (the staff
   member's time zone is America/New_York) with the cache emptied before every call: p50 and max
   over `--runs` calls, the target of issue 20 (< 200 ms each), and one
   call with the cache warm, for scale.

Nothing is asserted: figures on a shared machine are noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/mentora_bench_dashboards"
TARGET_MS = 200.0
DOMAIN = "dash.bench.invalid"
ENDPOINTS = (
    "stats",
    "recent-activities",
    "upcoming-sessions",
    "session-metrics",
    "subject-distribution",
    "monthly-revenue?months=24",
    "user-growth?months=24",
)

# Filled in for every NOT NULL column the INSERTs below do not name, by its SQL type, so a column
# another issue adds later does not break the seed.
FILLERS = {
    "uuid": "gen_random_uuid()",
    "character varying": "''",
    "text": "''",
    "boolean": "false",
    "integer": "0",
    "smallint": "0",
    "bigint": "0",
    "numeric": "0",
    "double precision": "0",
    "timestamp with time zone": "now()",
    "date": "current_date",
    "jsonb": "'{}'::jsonb",
}


def insert(cursor, table: str, values: dict[str, str], source: str) -> None:
    """INSERT INTO table (...) SELECT <values>, <fillers> <source>."""
    cursor.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL",
        [table],
    )
    columns = dict(values)
    for name, kind in cursor.fetchall():
        if name not in columns:
            if kind not in FILLERS:
                raise RuntimeError(f"{table}.{name}: no filler for {kind}")
            columns[name] = FILLERS[kind]
    names = ", ".join(f'"{name}"' for name in columns)
    cursor.execute(f"INSERT INTO {table} ({names}) SELECT {', '.join(columns.values())} {source}")  # noqa: S608


def seed(*, users: int, bookings: int, out=print) -> None:
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM accounts_user WHERE email LIKE %s", [f"%@{DOMAIN}"])
        if cursor.fetchone()[0] >= users:
            cursor.execute("SELECT count(*) FROM bookings_booking")
            out(f"already seeded: {users:,} accounts, {cursor.fetchone()[0]:,} bookings")
            return
    started = time.monotonic()
    mentors = users // 20
    with transaction.atomic(), connection.cursor() as cursor:
        out(f"seeding {users:,} accounts ({mentors:,} mentors) ...")
        # Joined evenly over the last 24 months; the first `mentors` are approved mentors.
        insert(
            cursor,
            "accounts_user",
            {
                "id": "gen_random_uuid()",
                "email": f"'u' || g || '@{DOMAIN}'",
                "password": "'!'",
                "full_name": "'Bench person ' || g",
                "is_mentor": f"g <= {mentors}",
                "is_active": "true",
                "is_verified": "true",
                "date_joined": f"now() - interval '730 days' * (g::float / {users})",
                "timezone": "'UTC'",
                "currency": "'USD'",
                "preferred_language": "'en'",
                "persona": "'beginner'",
                "membership": "'free'",
                "intended_role": "'learner'",
                "active_mode": "'learner'",
            },
            f"FROM generate_series(1::bigint, {users}) AS g",
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_people ON COMMIT DROP AS SELECT id, "
            "substring(email from '^u([0-9]+)@')::int AS n FROM accounts_user WHERE email LIKE %s",
            [f"%@{DOMAIN}"],
        )
        cursor.execute("CREATE INDEX ON bench_people (n)")
        insert(
            cursor,
            "mentors_mentorprofile",
            {
                "id": "gen_random_uuid()",
                "user_id": "p.id",
                "status": "CASE WHEN p.n % 50 = 0 THEN 'pending_approval' ELSE 'approved' END",
                "approved_at": "CASE WHEN p.n % 50 = 0 THEN NULL ELSE u.date_joined + interval '2 days' END",
                "currency": "'USD'",
                "hourly_rate": "60",
                "languages": "'[\"en\"]'::jsonb",
                "lesson_types": "'[]'::jsonb",
                "certifications": "'[]'::jsonb",
                "education": "'[]'::jsonb",
                "rating_distribution": "'{}'::jsonb",
                "aspect_averages": "'{}'::jsonb",
                "average_rating": "0",
                "mentor_tier": "'standard'",
                "is_accepting_bookings": "true",
                "created_at": "u.date_joined",
                "updated_at": "u.date_joined",
            },
            f"FROM bench_people p JOIN accounts_user u ON u.id = p.id WHERE p.n <= {mentors}",
        )
        cursor.execute(
            "CREATE TEMP TABLE bench_mentors ON COMMIT DROP AS SELECT m.id, "
            "row_number() OVER (ORDER BY m.id) AS n FROM mentors_mentorprofile m "
            "JOIN accounts_user u ON u.id = m.user_id WHERE u.email LIKE %s AND m.status = 'approved'",
            [f"%@{DOMAIN}"],
        )
        cursor.execute("CREATE INDEX ON bench_mentors (n)")
        cursor.execute(
            "CREATE TEMP TABLE bench_subjects ON COMMIT DROP AS SELECT id, category_id, "
            "row_number() OVER (ORDER BY name, id) AS n FROM mentors_subject"
        )
        cursor.execute("SELECT count(*) FROM bench_mentors")
        mentor_count = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM bench_subjects")
        subject_count = cursor.fetchone()[0]
        if not subject_count:
            raise RuntimeError("no subjects: the taxonomy migration has not run on this database")

        out(f"seeding {bookings:,} bookings ...")
        # Over the last 24 months and the next one, an hour each; statuses in realistic shares:
        # most completed, some cancelled, a few no-shows, declined, expired, the future confirmed.
        status = (
            "CASE WHEN b.start_at > now() THEN (CASE WHEN g % 10 = 0 THEN 'pending' ELSE 'confirmed' END) "
            "WHEN g % 20 = 0 THEN 'cancelled' WHEN g % 20 = 1 THEN 'no_show_learner' "
            "WHEN g % 50 = 2 THEN 'no_show_mentor' WHEN g % 50 = 3 THEN 'declined' "
            "WHEN g % 50 = 4 THEN 'expired' ELSE 'completed' END"
        )
        insert(
            cursor,
            "bookings_booking",
            {
                "id": "gen_random_uuid()",
                "mentor_id": "m.id",
                "learner_id": "p.id",
                "subject_id": "s.id",
                "category_id": "s.category_id",
                "topic": "'Bench session'",
                "lesson_type": "'online'",
                "start_at": "b.start_at",
                "end_at": "b.start_at + interval '1 hour'",
                "duration_minutes": "60",
                "timezone": "'UTC'",
                "price": "60",
                "currency": "(ARRAY['USD','EUR','GBP'])[1 + g % 3]",
                "credit_price": "1",
                "payment_method": "'card'",
                "status": status,
                "status_changed_at": "b.start_at",
                "created_at": "b.start_at - interval '7 days'",
                "updated_at": "b.start_at",
                "reschedule_count": "0",
            },
            f"FROM generate_series(1::bigint, {bookings}) AS g "
            f"CROSS JOIN LATERAL (SELECT date_trunc('hour', now() - interval '730 days' "
            f"+ interval '760 days' * (g::float / {bookings})) AS start_at) AS b "
            f"JOIN bench_people p ON p.n = {mentors} + 1 + (g * 7919) % {users - mentors} "
            f"JOIN bench_mentors m ON m.n = 1 + g % {mentor_count} "
            f"JOIN bench_subjects s ON s.n = 1 + (g * 31) % {subject_count}",
        )
        out("seeding payments, refunds and reviews ...")
        # A card payment for every booking that was paid for (not declined, expired or pending).
        insert(
            cursor,
            "payments_payment",
            {
                "id": "gen_random_uuid()",
                "payer_id": "b.learner_id",
                "purpose": "'booking'",
                "object_id": "b.id::text",
                "mentor_id": "b.mentor_id",
                "description": "'Bench session'",
                "amount": "b.price",
                "currency": "b.currency",
                "platform_fee": "9",
                "mentor_payout": "b.price - 9",
                "status": "CASE WHEN b.status = 'cancelled' THEN 'refunded' ELSE 'succeeded' END",
                "amount_refunded": "CASE WHEN b.status = 'cancelled' THEN b.price ELSE 0 END",
                "fee_refunded": "CASE WHEN b.status = 'cancelled' THEN 9 ELSE 0 END",
                "payout_refunded": "CASE WHEN b.status = 'cancelled' THEN b.price - 9 ELSE 0 END",
                "gateway": "'offline'",
                "expires_at": "b.created_at + interval '1 hour'",
                "paid_at": "b.created_at + interval '5 minutes'",
                "created_at": "b.created_at",
                "updated_at": "b.created_at",
            },
            "FROM bookings_booking b WHERE b.status NOT IN ('declined', 'expired', 'pending', 'pending_payment')",
        )
        # Cancelled sessions were refunded when cancelled, often in a later month than the payment.
        insert(
            cursor,
            "payments_refund",
            {
                "id": "gen_random_uuid()",
                "payment_id": "pay.id",
                "amount": "pay.amount",
                "fee_amount": "pay.platform_fee",
                "payout_amount": "pay.mentor_payout",
                "currency": "pay.currency",
                "status": "'succeeded'",
                "estimated_refund_date": "(b.start_at - interval '1 day')::date",
                "created_at": "b.start_at - interval '1 day'",
                "processed_at": "b.start_at - interval '1 day'",
            },
            "FROM payments_payment pay JOIN bookings_booking b ON b.id::text = pay.object_id "
            "WHERE pay.status = 'refunded'",
        )
        insert(
            cursor,
            "bookings_review",
            {
                "id": "gen_random_uuid()",
                "booking_id": "b.id",
                "reviewer_id": "b.learner_id",
                "mentor_id": "b.mentor_id",
                "direction": "'learner_to_mentor'",
                "rating": "1 + (abs(hashtext(b.id::text)) % 5)",
                "text": "''",
                "aspects": "'{}'::jsonb",
                "skills_learned": "'[]'::jsonb",
                "mentor_response": "''",
                "created_at": "b.end_at + interval '1 hour'",
            },
            "FROM bookings_booking b WHERE b.status = 'completed' AND abs(hashtext(b.id::text)) % 3 = 0",
        )
    with connection.cursor() as cursor:
        for table in (
            "accounts_user",
            "mentors_mentorprofile",
            "bookings_booking",
            "payments_payment",
            "payments_refund",
            "bookings_review",
        ):
            # VACUUM too: a bulk-loaded table has no visibility map yet, so an index-only scan
            # (a count over an index) would still visit every row.
            cursor.execute(f"VACUUM ANALYZE {table}")  # noqa: S608
    out(f"seeded in {time.monotonic() - started:.0f} s")


def staff_member():
    from accounts.models import User

    user, _ = User.objects.get_or_create(
        email=f"staff@{DOMAIN}",
        defaults={
            "is_staff": True,
            "is_superuser": True,
            "timezone": "America/New_York",
            "full_name": "Bench staff",
        },
    )
    return user


def measure(runs: int, out=print) -> list[tuple[str, float, float, float, float]]:
    from django.test import Client
    from rest_framework_simplejwt.tokens import AccessToken

    from analytics.models.dashboards import StaffFigure
    from analytics.services import staff_figures_refresh
    from tests.cache import clear_cache

    # Django's own client with a real token: the timing covers the view and its authentication,
    # not the tests' schema validation (tests.api_client), which a bench does not need.
    client = Client(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(staff_member())}")
    urls = [f"/api/v1/staff/dashboard/{endpoint}" for endpoint in ENDPOINTS]
    StaffFigure.objects.all().delete()
    clear_cache()
    live = {}
    for url in urls:  # nothing stored, nothing cached: the aggregates themselves, once each
        started = time.perf_counter()
        client.get(url)
        live[url] = (time.perf_counter() - started) * 1000
        clear_cache()
    started = time.perf_counter()
    zones = staff_figures_refresh()
    out(f"  the beat job stored the figures of {zones} zone(s) in {time.perf_counter() - started:.1f} s")
    results = []
    for endpoint, url in zip(ENDPOINTS, urls, strict=True):
        timings = []
        for _ in range(runs):
            clear_cache()  # cold: every call misses the cache
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} answered {response.status_code}: {response.content[:300]!r}")
        started = time.perf_counter()
        client.get(url)
        warm = (time.perf_counter() - started) * 1000
        results.append((endpoint, statistics.median(timings), max(timings), warm, live[url]))
        out(f"  {endpoint}: p50 {statistics.median(timings):.0f} ms")
    return results


def report(results, *, users: int, bookings: int) -> None:
    print(f"\n=== make bench, staff dashboards: {users:,} accounts, {bookings:,} bookings, cache cold ===")
    print(f"{'endpoint':<30}{'p50':>8}{'max':>8}{'cached':>9}{'no stored':>11}   target")
    for endpoint, p50, worst, warm, live in results:
        verdict = "PASS" if p50 < TARGET_MS else "MISS"
        print(
            f"{endpoint:<30}{p50:>6.0f}ms{worst:>6.0f}ms{warm:>7.1f}ms{live:>9.0f}ms"
            f"   < {TARGET_MS:.0f} ms {verdict}"
        )
    print(
        "cold: the cache empty, the beat job's stored figures read (lists page through indexes); "
        "'no stored' is one call before the job ran, aggregating the tables."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.dashboards", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--quick", action="store_true", help="3 calls per endpoint")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--bookings", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    url = os.environ.get("DASHBOARD_BENCH_DATABASE_URL") or DEFAULT_URL
    from tests.benchmarks.__main__ import BenchError, ensure_database

    try:
        ensure_database(url)
    except BenchError as error:
        print(f"make bench: {error}", file=sys.stderr)
        return 2
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DB_POOL": "false",
            "PGAPPNAME": "mentora-bench-dashboards",
        }
    )
    import subprocess

    print(f"migrating {urlsplit(url).path.lstrip('/')} ...")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True, env=os.environ
    )
    import django

    django.setup()
    seed(users=args.users, bookings=args.bookings)
    report(measure(3 if args.quick else args.runs), users=args.users, bookings=args.bookings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
