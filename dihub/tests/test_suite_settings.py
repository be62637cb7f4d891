"""The suite's own speed-ups (conftest.py) must not leak into how dihub runs."""

import os
import subprocess
import sys

from django.contrib.auth.hashers import get_hasher


def test_the_suite_hashes_passwords_with_the_fast_hasher():
    assert get_hasher().algorithm == "md5"


def test_production_keeps_a_strong_password_hasher():
    """Read in a fresh interpreter: dihub's settings, not the suite's override."""
    code = ("import django; django.setup(); "
            "from django.contrib.auth.hashers import get_hasher; print(get_hasher().algorithm)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, DJANGO_SETTINGS_MODULE="dihub.settings"),
                         check=True)
    assert out.stdout.strip() in {"pbkdf2_sha256", "argon2", "scrypt"}
