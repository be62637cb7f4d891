"""The real settings in a subprocess: production refuses to start without a SECRET_KEY, and
the deploy check fails (an Error, not a warning) on the built-in or a weak key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
STRONG_KEY = "a-production-secret-" + "k3y-" * 12


def run_check(tmp_path, **environment):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DIHUB_", "DJANGO_")) and k != "SECRET_KEY"}
    env.update({"DJANGO_SETTINGS_MODULE": "dihub.settings", "DIHUB_VAR_DIR": str(tmp_path),
                "ALLOWED_HOSTS": "dihub.example.org"})
    env.update({k: v for k, v in environment.items() if v is not None})
    return subprocess.run([sys.executable, "-m", "django", "check", "--deploy"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_production_without_a_key_refuses_to_start_even_with_debug(tmp_path):
    for debug in ("0", "1"):
        result = run_check(tmp_path, DIHUB_PRODUCTION="1", DIHUB_DEBUG=debug)
        assert result.returncode != 0, (debug, result.stdout)
        assert "SECRET_KEY must be set" in result.stderr, (debug, result.stderr[-500:])


def test_production_refuses_the_built_in_key_given_as_the_key(tmp_path):
    from django.conf import settings

    result = run_check(tmp_path, DIHUB_PRODUCTION="1",
                       SECRET_KEY=settings.DIHUB_BUILTIN_SECRET_KEY)
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_the_deploy_check_fails_on_the_built_in_key(tmp_path):
    result = run_check(tmp_path)  # no production flag, no key: the laptop default
    assert result.returncode != 0, result.stdout
    output = result.stdout + result.stderr
    assert "dihub.E001" in output and "built-in" in output


def test_the_deploy_check_fails_on_a_short_or_weak_key(tmp_path):
    for weak in ("short-key", "ab" * 40, "django-insecure-" + "x1y2z3" * 10):
        result = run_check(tmp_path, SECRET_KEY=weak)
        assert result.returncode != 0, weak
        assert "dihub.E002" in result.stdout + result.stderr, weak


def test_the_deploy_check_passes_the_key_itself_with_a_strong_key(tmp_path):
    result = run_check(tmp_path, SECRET_KEY=STRONG_KEY)
    output = result.stdout + result.stderr
    assert "dihub.E00" not in output, output  # other deploy warnings do not fail the run
    assert result.returncode == 0, output
