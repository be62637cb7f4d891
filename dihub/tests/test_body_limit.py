"""A body larger than its route takes is refused by its Content-Length (413), before it is
read: against the real server with a raw socket that never sends the body, and through the
test client for the message."""

import json
import socket
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from dihub.accounts.models import Membership
from dihub.accounts.tests.helpers import person
from dihub.catalogue.tests.factories import full_hub
from dihub.editing import api as editing_api
from dihub.maturity import csvio

HUGE = 10 * 1024**3  # 10 GB announced, never sent


CSRF = "c" * 32  # a csrftoken cookie and the same X-CSRFToken header pass Django's check


def manager_session(client):
    """A hub and its manager, signed in on this client: (hub, the session cookie)."""
    hub = full_hub()
    manager = person("m@x.org")
    Membership.objects.create(user=manager, hub=hub)
    client.force_login(manager)
    return hub, client.cookies[settings.SESSION_COOKIE_NAME].value


def headers_only(live_server, path, length, content_type, session=""):
    """Send a request's headers with this Content-Length and no body; the answer."""
    where = urlsplit(live_server.url)
    cookies = f"csrftoken={CSRF}; {settings.SESSION_COOKIE_NAME}={session}"
    with socket.create_connection((where.hostname, where.port), timeout=20) as conn:
        conn.sendall((f"POST {path} HTTP/1.1\r\nHost: localhost\r\nCookie: {cookies}\r\n"
                      f"X-CSRFToken: {CSRF}\r\nContent-Type: {content_type}\r\n"
                      f"Content-Length: {length}\r\n\r\n").encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = conn.recv(65536)  # a timeout here: the server waits for the body
            if not chunk:
                break
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                       if line.lower().startswith(b"content-length:")), 0)
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
    return head.decode(), body.decode()


@pytest.mark.django_db(transaction=True)
def test_the_csv_import_refuses_a_huge_upload_before_its_body(live_server, client):
    hub, session = manager_session(client)
    head, body = headers_only(live_server, f"/maturity/hubs/{hub.slug}/import/", HUGE,
                              "multipart/form-data; boundary=xyz", session)
    assert head.startswith("HTTP/1.1 413"), head
    assert "too large" in body and "at most 20 MB" in body


@pytest.mark.django_db(transaction=True)
def test_a_json_api_body_is_refused_before_it_is_read(live_server):
    head, body = headers_only(live_server, "/api/maturity/score", HUGE, "application/json")
    assert head.startswith("HTTP/1.1 413"), head
    assert "application/json" in head
    assert "too large" in json.loads(body)["detail"]


@pytest.mark.django_db
def test_the_message_names_the_size_and_the_limit(client):
    hub, _ = manager_session(client)
    declared = csvio.MAX_BYTES + 10 * 1024 * 1024
    # a tiny body with a large Content-Length: the answer comes from the header alone
    answer = client.generic("POST", f"/maturity/hubs/{hub.slug}/import/", b"x",
                            content_type="multipart/form-data; boundary=xyz",
                            CONTENT_LENGTH=str(declared))
    assert answer.status_code == 413
    assert answer.content.decode() == (
        "The request is too large: 30 MB, and this address takes at most 20 MB.")
    api = client.generic("POST", "/api/maturity/score", b"{}", content_type="application/json",
                         CONTENT_LENGTH=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))
    assert api.status_code == 413 and "at most 2.5 MB" in api.json()["detail"]


@pytest.mark.django_db
def test_a_route_with_its_own_limit_refuses_by_the_header(client):
    """The draft API takes at most editing_api.MAX_BODY: 413 before reading, not 400 after."""
    hub, _ = manager_session(client)
    answer = client.generic("PUT", f"/api/hubs/{hub.slug}/draft", b"{}",
                            content_type="application/json",
                            CONTENT_LENGTH=str(editing_api.MAX_BODY + 1))
    assert answer.status_code == 413, answer.content
    assert "too large" in answer.json()["detail"]


@pytest.mark.django_db
def test_a_malformed_content_length_is_a_400_not_a_500(client):
    for bad in ("abc", "-5", "１２", "1e9"):
        answer = client.generic("POST", "/api/maturity/score", b"{}",
                                content_type="application/json", CONTENT_LENGTH=bad)
        assert answer.status_code == 400, bad
        assert "Content-Length" in answer.json()["detail"]
        # a form page read it with int(): a 500 before (for "abc" and "1e9")
        page = client.generic("POST", "/accounts/login/", b"login=x",
                              content_type="application/x-www-form-urlencoded",
                              CONTENT_LENGTH=bad)
        assert page.status_code == 400 and b"Content-Length" in page.content, bad


@pytest.mark.django_db
def test_a_multipart_body_without_a_boundary_is_a_400_not_a_500(client):
    hub, _ = manager_session(client)
    for kind in ("multipart/form-data", "multipart/form-data; boundary=",
                 "multipart/form-data; boundary=" + "b" * 71):
        answer = client.generic("POST", f"/api/hubs/{hub.slug}/draft/withdraw", b"x=1",
                                content_type=kind)
        assert answer.status_code == 400, (kind, answer.content)
        assert "boundary" in answer.json()["detail"]
        page = client.generic("POST", f"/maturity/hubs/{hub.slug}/import/", b"x=1",
                              content_type=kind)
        assert page.status_code == 400 and b"boundary" in page.content, kind


@pytest.mark.django_db
def test_an_upload_within_the_limit_still_reaches_the_import(client):
    hub, _ = manager_session(client)
    upload = SimpleUploadedFile("a.csv", b"external_id\n", content_type="text/csv")
    answer = client.post(f"/maturity/hubs/{hub.slug}/import/", {"file": upload})
    assert answer.status_code == 200 and b"too large" not in answer.content


def unique_keys(pairs):
    keys = [key for key, _ in pairs]
    assert len(keys) == len(set(keys)), f"a key twice: {sorted(keys)}"
    return dict(pairs)


@pytest.mark.django_db
def test_every_operation_with_a_body_documents_413_and_400_once(client):
    """Once: a status written twice (400 and "400") makes Swagger UI's parser refuse the
    whole document."""
    served = json.loads(client.get("/api/openapi.json").content, object_pairs_hook=unique_keys)
    bodies = [(path, method, operation["responses"])
              for path, operations in served["paths"].items()
              for method, operation in operations.items() if "requestBody" in operation]
    assert len(bodies) >= 10
    for path, method, responses in bodies:
        assert {"400", "413"} <= set(responses), (method, path)
