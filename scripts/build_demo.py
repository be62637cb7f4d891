"""Build the bundled demo catalogue from the real catalogue files, facts only.

    python scripts/build_demo.py [DATA_DIR]   (default: ../shared/data)

Imports the EDIH export and the JRC files into a throw-away database, then
writes dihub's JSON of every hub without descriptions, contact persons,
examples, funding or initiative texts: names, types, places, coordinates,
regions, websites and taxonomy terms only.
"""

import gzip
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "dihub" / "catalogue" / "demo" / "catalogue.json.gz"
FILES = (
    "jrc-dih-catalogue-2022-02.ngsi-ld.json",
    "jrc-dih-portal-sample.geojson",
    "edih-catalogue-export-2025-05-05.xls",
)
NOT_FACTS = ("description", "local_description", "contacts", "examples", "funding", "initiative")


def main(data_dir):
    work = tempfile.mkdtemp(prefix="dihub-demo-")
    os.environ["DIHUB_VAR_DIR"] = work
    os.environ["DATABASE_URL"] = f"sqlite:///{work}/demo.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dihub.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from dihub.catalogue.exporters.source import export_hubs
    from dihub.catalogue.exporters.writers import json_chunks
    from dihub.catalogue.imports import import_file

    call_command("migrate", verbosity=0)
    for name in FILES:
        report = import_file(Path(data_dir) / name)
        print(f"{name}: created {report.created}, merged {len(report.merged)}, "
              f"doubtful {len(report.doubtful)}, unplaced {len(report.unplaced)}")

    def facts(hubs):
        for hub in hubs:
            for key in NOT_FACTS:
                hub[key] = [] if isinstance(hub.get(key), list) else ""
            yield hub

    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json_chunks(facts(export_hubs(public=True))))
    OUT.write_bytes(gzip.compress(text.encode(), mtime=0))
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
