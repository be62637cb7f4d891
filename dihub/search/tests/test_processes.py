"""Two server processes of several threads each, and a third process that writes: every
answer is whole, and the first answer after a write shows it. On a database of its own
(a SQLite file, or a PostgreSQL database made for the test), since the servers cannot see
the test's transaction."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.slow

WRITER = """
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "dihub.settings"
django.setup()
from dihub.catalogue.models import Hub, Validation
hubs = []
for line in sys.stdin:
    step = line.strip()
    if step == "add":
        hubs.append(Hub.objects.create(name=f"Porto hub {len(hubs)}",
                                       slug=f"porto-hub-{len(hubs)}", country="PT"))
    elif step == "move":
        hubs[0].country = "ES"
        hubs[0].save()
    elif step == "unpublish":
        hubs[1].validation = Validation.DRAFT
        hubs[1].save()
    elif step == "delete":
        hubs[2].delete()
    print("done", flush=True)
"""
STEPS = [("add", 1), ("add", 2), ("add", 3), ("move", 2), ("unpublish", 1), ("delete", 0)]


@pytest.fixture
def database(tmp_path):
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'procs.sqlite3'}"
        return
    import psycopg

    db = settings.DATABASES["default"]
    name = f"dihub_procs_{os.getpid()}"
    server = urlunsplit(("postgres", f"{db['USER']}@{db['HOST']}:{db['PORT']}", "/postgres",
                         "", ""))
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=30) as answer:
        return json.loads(answer.read())


def wait_for(base, process, deadline=60):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        try:
            return get(base, "/api/hubs?page_size=1")
        except OSError:
            assert process.poll() is None, "the server stopped"
            time.sleep(0.3)
    raise AssertionError(f"{base} did not answer")


def whole(answer):
    """One answer is of one generation: its facets add up to its count."""
    facets = answer["facets"]
    return (sum(f["count"] for f in facets["type"]) == answer["count"]
            == sum(f["count"] for f in facets["country"]))


def test_servers_in_several_processes_see_each_write_at_their_next_answer(database, tmp_path):
    env = {**os.environ, "DATABASE_URL": database, "DIHUB_VAR_DIR": str(tmp_path),
           "DIHUB_CONN_MAX_AGE": "0"}
    cli = [sys.executable, "-m", "dihub.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True, timeout=300)
    ports = [free_port(), free_port()]
    servers = [subprocess.Popen([*cli, "serve", "--port", str(p), "--threads", "4"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for p in ports]
    writer = subprocess.Popen([sys.executable, "-c", WRITER], env=env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        for base, server in zip(bases, servers, strict=True):
            assert wait_for(base, server)["count"] == 0
        with ThreadPoolExecutor(8) as pool:
            for step, in_portugal in STEPS:
                busy = [pool.submit(get, bases[n % 2], "/api/hubs") for n in range(16)]
                writer.stdin.write(step + "\n")
                writer.stdin.flush()
                assert writer.stdout.readline().strip() == "done"
                for base in bases:
                    assert get(base, "/api/hubs?country=PT")["count"] == in_portugal, step
                assert all(whole(f.result()) for f in busy)
        assert [get(b, "/api/hubs?country=ES")["count"] for b in bases] == [1, 1]
    finally:
        writer.stdin.close()
        for process in (*servers, writer):
            process.terminate()
            process.wait(10)
