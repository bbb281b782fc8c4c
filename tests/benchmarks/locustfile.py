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


class Baseline(_Client):
    @task
    def baseline(self):
        self.client.get(PLAN.get("baseline", "/bench/baseline"), name="baseline", headers=self.headers)


class Search(_Client):
    @task
    def search(self):
        self.client.get(next(_search), name="search", headers=self.headers)


class Slots(_Client):
    @task
    def slots(self):
        self.client.get(next(_slots), name="slots", headers=self.headers)


class Booking(_Client):
    @task
    def book(self):
        booking = next(_bookings, None)
        if booking is None:  # the plan's free hours ran out: this client stops
            raise StopUser()
        self.client.post(
            "/api/v1/bookings",
            json=booking["body"],
            name="booking",
            headers={**self.headers, "Authorization": f"Bearer {booking['token']}"},
        )
