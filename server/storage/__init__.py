"""The only place with SQL: models, migrations, the hot path's statements and the repository modules (one per
subject: tickets, hall and windows, staff, devices, appointments, ratings, reports, events).

Code outside this package never imports SQLAlchemy or a database driver (tests/server/test_sql_boundary.py
checks it). It holds connections only as opaque handles, typed with the two names below, and hands them back
to functions in here."""

from sqlalchemy import Connection, Engine

__all__ = ["Connection", "Engine"]
