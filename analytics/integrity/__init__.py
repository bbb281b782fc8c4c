"""Data-integrity checks (API.md §10), one module per family of rows:

- `accounts`: accounts and their role profiles;
- `bookings`: bookings and the busy intervals that hold the mentor's time;
- `ledgers`: credit wallets and points totals against their ledgers;
- `learning`: an opportunity's enrollment and rating counters;
- `community`: group member and post comment counters, events with more people going than places.

`report.integrity_report()` only reads; `report.integrity_repair()` runs the safe fixes and
audits each one.
"""
