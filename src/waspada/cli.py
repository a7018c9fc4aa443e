"""The `waspada` console script: Django's management commands under one name."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waspada.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):  # `waspada index-references`: the module is index_references
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["waspada", *args])


if __name__ == "__main__":
    main()
