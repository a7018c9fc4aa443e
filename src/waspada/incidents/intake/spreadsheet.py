"""Reading an uploaded incident table: the shared safe reader (`waspada.core.spreadsheets.upload`: XLSX first
sheet or CSV, bounded by bytes, unpacked size, rows including blank ones, columns, cell length and time; a
DOCTYPE refused) with this importer's limits."""

from __future__ import annotations

from typing import Any

from waspada.core.spreadsheets.upload import Table, UploadLimits, UploadRefused, read_table

__all__ = ["FileUnreadable", "Table", "read_incident_table"]

FileUnreadable = UploadRefused  # the file is not a table we can read within the bounds; the message says why


def read_incident_table(content: bytes, file_name: str, max_rows: int, max_bytes: int, **limits: Any) -> Table:
    """The table, or UploadRefused. `limits` overrides further bounds (the command line reads longer)."""
    return read_table(content, file_name, UploadLimits.from_settings(max_rows=max_rows, max_bytes=max_bytes,
                                                                     **limits))  # fmt: skip
