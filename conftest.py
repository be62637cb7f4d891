import os
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parent.parent / "shared" / "data"
EDIH_FILE = SHARED_DATA / "edih-catalogue-export-2025-05-05.xls"
JRC_NGSI_FILE = SHARED_DATA / "jrc-dih-catalogue-2022-02.ngsi-ld.json"
JRC_GEOJSON_FILE = SHARED_DATA / "jrc-dih-portal-sample.geojson"


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """A production hash (PBKDF2, a million rounds) costs about 0.3 s and the suite makes
    thousands of people; tests store and check passwords through the same code with a fast
    hasher. dihub/tests/test_suite_settings.py checks production keeps the strong one."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield


@pytest.fixture(autouse=True)
def _no_search_index():
    """Each test starts without the process's search index: a rolled-back test can leave
    the database at the generation an index of other hubs was built at."""
    from dihub.search import state

    state.forget()


@pytest.fixture(autouse=True)
def _english_after():
    """A test that shows a page in another language leaves the interface in English: the
    active language is per thread, and tests share the thread."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: rate limits and allauth's 3-minute cooldown
    between two confirmation e-mails to one address would otherwise carry over."""
    from django.core.cache import cache

    cache.clear()


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


# -- a real browser: Debian's Chromium driven by Playwright -----------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
# htmx logs, as errors, a request replaced by a newer one: "htmx:afterRequest", then
# "htmx:sendAbort"; neither is a fault (a failed answer logs htmx:responseError)
HTMX_ABORT, HTMX_AFTER = "htmx:sendAbort", "htmx:afterRequest"


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: install Debian's chromium to run browser tests")
    from playwright import sync_api

    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls
    # run in their own thread, so this is safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _console_error(errors, message):
    if not message.text.startswith(HTMX_ABORT):
        errors.append(message.text)
    elif errors and errors[-1].startswith(HTMX_AFTER):
        errors.pop()  # the abort's own afterRequest


@pytest.fixture
def watched(browser, live_server):
    """A page that records its console errors (page.errors) and every request to another
    host (page.outside): dihub must work with no internet."""
    page = browser.new_page()
    page.errors, page.outside = [], []
    page.on("console", lambda m: _console_error(page.errors, m) if m.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("request", lambda r: page.outside.append(r.url)
            if not r.url.startswith(live_server.url) else None)
    page.add_script_tag = _script_by_evaluation(page)
    return page


def _script_by_evaluation(page):
    """The Content-Security-Policy refuses the inline <script> Playwright's add_script_tag
    writes; a test's own script (axe) is evaluated instead, and the page's CSP still holds."""
    add_script_tag = page.add_script_tag

    def add(path=None, **kwargs):
        if path is None:
            return add_script_tag(**kwargs)
        return page.evaluate(Path(path).read_text(encoding="utf-8"))

    return add
