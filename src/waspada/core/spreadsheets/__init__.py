"""Spreadsheets every app reads or writes: `cells` neutralises what Waspada writes (CSV and XLSX), `upload`
reads what users upload (XLSX and CSV) within bounds. Framework-light: Django settings and gettext only."""
