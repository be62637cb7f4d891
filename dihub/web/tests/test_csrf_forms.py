"""Every form that changes data carries Django's CSRF token, and the middleware refuses
a POST without it."""

import re
from pathlib import Path

import pytest
from django.test import Client

import dihub

POST_FORM = re.compile(r"<form\b[^>]*\bmethod=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
TEMPLATES = sorted(Path(dihub.__file__).parent.glob("*/templates/**/*.html"))


def test_there_are_post_forms_to_check():
    assert sum(len(POST_FORM.findall(p.read_text())) for p in TEMPLATES) >= 10


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p).split("dihub/", 1)[-1])
def test_every_post_form_has_the_csrf_token(path):
    for body in POST_FORM.findall(path.read_text()):
        assert "{% csrf_token %}" in body, f"a POST form in {path.name} lacks {{% csrf_token %}}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/",
                                 "/accounts/tokens/", "/accounts/my-data/"])
def test_a_post_without_the_token_is_refused(url, django_user_model):
    client = Client(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create_user("x", "x@example.org", "pw-12345678"))
    assert client.post(url, {"name": "t", "password": "pw-12345678"}).status_code == 403
