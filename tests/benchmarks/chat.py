"""The chat load of `make bench`, run by the runner as a process of its own (on the load core):

    python -m tests.benchmarks.chat PLAN.json RESULT.json

PLAN names the server's ws:// base, pairs of people with an access token each, the messages per
second in all and for how long. Each person opens /ws/chat/<partner>/ with `?token=` (the path
the site's pages use); once every socket is open, messages go out at the given total rate, each
from one person of a pair in turn, and the partner's socket must receive it as `message.new`.
RESULT holds how many were sent, delivered and refused, and the delivery latencies in seconds
(send to arrival, one clock)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time

import websockets

CONNECT_AT_ONCE = 20  # sockets opened at a time, so the opening is not itself the load
GRACE = 5.0  # seconds a message may still arrive after the last one was sent


async def _open(url: str, gate: asyncio.Semaphore):
    async with gate:
        ws = await websockets.connect(url, open_timeout=60, max_queue=None)
        # The consumer sends the partner's presence first: the socket is joined to its group.
        await asyncio.wait_for(ws.recv(), 30)
        return ws


async def _close(ws) -> None:
    with contextlib.suppress(TimeoutError, websockets.WebSocketException, OSError):
        await asyncio.wait_for(ws.close(), 5)


async def _listen(ws, run: str, sent: dict, arrived: dict, errors: list) -> None:
    prefix = f"bench:{run}:"
    try:
        async for frame in ws:
            event = json.loads(frame)
            kind = event.get("type")
            if kind == "message.new":
                text = event["message"].get("text") or ""
                if text.startswith(prefix):
                    arrived.setdefault(text, time.monotonic())
            elif kind == "error":
                errors.append(event.get("error"))
    except websockets.ConnectionClosed as closed:
        errors.append(f"closed {closed.code}")


async def main(plan: dict) -> dict:
    run = str(int(time.time() * 1000))
    base, pairs = plan["ws_url"], plan["pairs"]
    people = []
    for a, b in pairs:
        people.append((a, b))
        people.append((b, a))
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)
    opened = time.monotonic()
    sockets = await asyncio.gather(
        *(_open(f"{base}/ws/chat/{partner['id']}/?token={me['token']}", gate) for me, partner in people)
    )
    open_seconds = time.monotonic() - opened
    sent: dict[str, float] = {}
    arrived: dict[str, float] = {}
    errors: list = []
    listeners = [asyncio.create_task(_listen(ws, run, sent, arrived, errors)) for ws in sockets]
    rate, duration = plan["rate"], plan["duration"]
    total = int(rate * duration)
    start = time.monotonic()
    for k in range(total):
        due = start + k / rate
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        text = f"bench:{run}:{k}"
        sender = sockets[k % len(sockets)]
        sent[text] = time.monotonic()
        try:
            await sender.send(json.dumps({"type": "message.send", "text": text, "client_id": f"{run}-{k}"}))
        except websockets.ConnectionClosed:
            errors.append("send on a closed socket")
    send_seconds = time.monotonic() - start
    deadline = time.monotonic() + GRACE
    while len(arrived) < len(sent) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    # Whatever arrives from here on is late: stop listening before the sockets close.
    arrived = dict(arrived)
    for listener in listeners:
        listener.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    await asyncio.gather(*(_close(ws) for ws in sockets))
    latencies = sorted(arrived[t] - sent[t] for t in arrived if t in sent)
    return {
        "sockets": len(sockets),
        "open_seconds": open_seconds,
        "sent": len(sent),
        "send_seconds": send_seconds,
        "delivered": len(latencies),
        "errors": sorted({str(e) for e in errors}),
        "error_count": len([e for e in errors if not str(e).startswith("closed 1000")]),
        "latencies": latencies,
    }


if __name__ == "__main__":
    with open(sys.argv[1]) as plan_file:
        result = asyncio.run(main(json.load(plan_file)))
    with open(sys.argv[2], "w") as result_file:
        json.dump(result, result_file)
