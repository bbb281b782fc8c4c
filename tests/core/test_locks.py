"""core.locks: claiming due rows one per transaction, and the one lock timeout turning into Busy.

Core's own IdempotencyRecord stands in for a due row: "due" is in_progress, handling it marks
it completed.
"""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier, Lock

import pytest
from django.db import OperationalError, connection, connections, transaction

from core.errors import Busy
from core.locks import busy_as_error, claim, claim_due
from core.models import IdempotencyRecord

Status = IdempotencyRecord.Status


def records(count: int) -> list[IdempotencyRecord]:
    return [
        IdempotencyRecord.objects.create(key=f"k{n}", scope="POST /x", fingerprint="f") for n in range(count)
    ]


def due():
    return IdempotencyRecord.objects.filter(status=Status.IN_PROGRESS)


def complete(record: IdempotencyRecord) -> bool:
    record.status = Status.COMPLETED
    record.save(update_fields=["status", "updated_at"])
    return True


def statuses() -> dict[str, str]:
    return dict(IdempotencyRecord.objects.values_list("key", "status"))


@pytest.mark.django_db
def test_claim_due_handles_each_due_row_once_and_counts_them():
    records(3)
    assert claim_due(due(), complete, order_by=("key",)) == 3
    assert set(statuses().values()) == {Status.COMPLETED}
    assert claim_due(due(), complete) == 0


@pytest.mark.django_db
def test_a_row_that_stopped_being_due_after_the_listing_is_left_alone():
    first, second = records(2)

    def complete_both(record):
        # Another worker finishes the second row while this one holds the first.
        IdempotencyRecord.objects.filter(pk=second.pk).update(status=Status.COMPLETED, response_status=201)
        return complete(record)

    assert claim_due(due(), complete_both, order_by=("key",)) == 1
    second.refresh_from_db()
    assert second.response_status == 201


@pytest.mark.django_db
def test_a_row_the_step_declines_is_not_counted_but_its_writes_stay():
    (record,) = records(1)

    def note_only(row):
        row.response_status = 204
        row.save(update_fields=["response_status"])
        return False

    assert claim(due(), record.pk, note_only, after=pytest.fail) is False
    record.refresh_from_db()
    assert (record.status, record.response_status) == (Status.IN_PROGRESS, 204)


@pytest.mark.django_db
def test_a_failing_row_rolls_back_alone_and_the_rest_are_handled():
    records(3)
    failures = []

    def fail_on_k1(record):
        complete(record)
        if record.key == "k1":
            raise ValueError("boom")
        return True

    handled = claim_due(due(), fail_on_k1, order_by=("key",), failed=lambda pk, error: failures.append(error))

    assert handled == 2
    assert statuses() == {"k0": Status.COMPLETED, "k1": Status.IN_PROGRESS, "k2": Status.COMPLETED}
    assert [str(error) for error in failures] == ["boom"]


@pytest.mark.django_db
def test_without_failed_an_error_in_a_step_is_raised_and_its_row_rolled_back():
    records(1)

    def complete_then_fail(record):
        complete(record)
        raise ValueError("not handled")

    with pytest.raises(ValueError):
        claim_due(due(), complete_then_fail)
    assert statuses() == {"k0": Status.IN_PROGRESS}


@pytest.mark.django_db
def test_after_runs_for_handled_rows_once_their_transaction_is_over():
    records(2)
    outside = len(connection.atomic_blocks)
    events = []

    def step(record):
        events.append(("step", record.key, len(connection.atomic_blocks) - outside))
        return record.key == "k1" and complete(record)

    def after(record):
        events.append(("after", record.key, len(connection.atomic_blocks) - outside))

    assert claim_due(due(), step, order_by=("key",), after=after) == 1
    assert events == [("step", "k0", 1), ("step", "k1", 1), ("after", "k1", 0)]


@pytest.mark.django_db(transaction=True)
def test_two_claimers_never_take_the_same_row():
    if connection.vendor != "postgresql":
        pytest.skip("skip_locked needs row locks: SQLite queues whole writers instead")
    records(2)
    start_together = Barrier(2)
    # Both claimers hold a row at this point at once: possible only if each took a different one.
    both_holding = Barrier(2, timeout=30)
    taken, taken_lock = [], Lock()

    def step(record):
        with taken_lock:
            taken.append(record.key)
        both_holding.wait()
        return complete(record)

    def claimer(_):
        try:
            start_together.wait(timeout=30)
            return claim_due(due(), step, order_by=("key",))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = list(pool.map(claimer, range(2)))

    assert counts == [1, 1]
    assert sorted(taken) == ["k0", "k1"]
    assert set(statuses().values()) == {Status.COMPLETED}


@pytest.mark.django_db(transaction=True)
def test_a_lock_held_past_the_lock_timeout_answers_busy(settings):
    if connection.vendor != "postgresql":
        pytest.skip("lock_timeout is PostgreSQL's; SQLite queues whole writers instead")
    settings.LOCK_TIMEOUT = "50ms"
    (record,) = records(1)
    holding, done = Barrier(2, timeout=30), Barrier(2, timeout=30)

    def hold():
        try:
            with transaction.atomic():
                IdempotencyRecord.objects.select_for_update().get(pk=record.pk)
                holding.wait()
                done.wait()
        finally:
            connections.close_all()

    def wait_for_it():
        try:
            holding.wait()
            with transaction.atomic(), busy_as_error():
                IdempotencyRecord.objects.select_for_update().get(pk=record.pk)
        finally:
            done.wait()
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        holder = pool.submit(hold)
        waiter = pool.submit(wait_for_it)
        with pytest.raises(Busy) as raised:
            waiter.result()
        holder.result()
    assert isinstance(raised.value.__cause__, OperationalError)
    assert (raised.value.code, raised.value.status_code) == ("SERVICE_UNAVAILABLE", 503)
