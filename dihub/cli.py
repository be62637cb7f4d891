"""The `dihub` command: Django's management commands under one name.

`dihub serve`, `dihub migrate`, `dihub demo`, `dihub import FILE`, `dihub export`...
`dihub help` lists every command; `dihub COMMAND --help` explains one.
"""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dihub.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        argv = ["help"]
    execute_from_command_line(["dihub", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
