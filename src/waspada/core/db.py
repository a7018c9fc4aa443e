"""Bulk upsert for reference-data imports: one executemany instead of the ORM's per-value compilation.

`INSERT ... ON CONFLICT (key) DO UPDATE` has the same syntax on SQLite (3.24+) and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models

_BATCH = 5000


def upsert(model: type[models.Model], columns: Sequence[str], key: str, rows: Sequence[Sequence[Any]]) -> None:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    updates = ", ".join(f"{quote(column)} = excluded.{quote(column)}" for column in columns if column != key)
    sql = (
        f"INSERT INTO {table} ({names}) VALUES ({placeholders}) "  # noqa: S608 - identifiers come from model metadata
        f"ON CONFLICT ({quote(key)}) DO UPDATE SET {updates}"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            cursor.executemany(sql, rows[start : start + _BATCH])
