"""The HTTP load of `make bench`: one locust user class per measured path, run headless by the
runner (tests/benchmarks/__main__.py), which names the class and passes what the requests need in
the JSON file of BENCH_PLAN (ids, tokens, the free hours to book). Every user sends its next
request as soon as the last one answered (a closed loop: N users are N concurrent clients); any
answer that is not 2xx counts as a failure."""

from __future__ import annotations

import itertools
import json
import os
from pathlib import Path

from locust import FastHttpUser, constant, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["BENCH_PLAN"]).read_text()) if os.environ.get("BENCH_PLAN") else {}
_search = itertools.cycle(PLAN.get("search_queries", ["/api/v1/mentors"]))
_slots = itertools.cycle(PLAN.get("slot_queries", ["/api/v1/slots"]))
_bookings = iter(PLAN.get("bookings", []))


class _Client(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    headers = {"Accept": "application/json"}

    def send(self, method: str, path: str, name: str, **kwargs) -> None:
        """One request; an answer that is not 2xx fails with its status, error code and details,
        so the report says why (a 409's reason), not only how often."""
        with self.client.request(method, path, name=name, catch_response=True, **kwargs) as answer:
            if not 200 <= answer.status_code < 300:
                try:
                    body = answer.json()
                    why = f"{body.get('error')} {json.dumps(body.get('details') or {})[:80]}"
                except (ValueError, AttributeError):
                    why = (answer.text or "")[:80]
                answer.failure(f"{answer.status_code} {why}")


class Baseline(_Client):
    @task
    def baseline(self):
        self.send("GET", PLAN.get("baseline", "/bench/baseline"), "baseline", headers=self.headers)


class Search(_Client):
    @task
    def search(self):
        self.send("GET", next(_search), "search", headers=self.headers)


class Slots(_Client):
    @task
    def slots(self):
        self.send("GET", next(_slots), "slots", headers=self.headers)


class Booking(_Client):
    @task
    def book(self):
        booking = next(_bookings, None)
        if booking is None:  # the plan's free hours ran out: this client stops
            raise StopUser()
        self.send(
            "POST",
            "/api/v1/bookings",
            "booking",
            json=booking["body"],
            headers={**self.headers, "Authorization": f"Bearer {booking['token']}"},
        )
