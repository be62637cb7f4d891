from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"
EDIH_FILE = SHARED_DATA / "edih-catalogue-export-2025-05-05.xls"
JRC_NGSI_FILE = SHARED_DATA / "jrc-dih-catalogue-2022-02.ngsi-ld.json"
JRC_GEOJSON_FILE = SHARED_DATA / "jrc-dih-portal-sample.geojson"


def shared_file(path):
    """The path of a real data file, or a skip saying why the test cannot run."""
    if not path.exists():
        pytest.skip(f"real data {path.name} not found in {SHARED_DATA} (../shared/data)")
    return path


@pytest.fixture
def edih_file():
    return shared_file(EDIH_FILE)


@pytest.fixture
def jrc_ngsi_file():
    return shared_file(JRC_NGSI_FILE)


@pytest.fixture
def jrc_geojson_file():
    return shared_file(JRC_GEOJSON_FILE)
