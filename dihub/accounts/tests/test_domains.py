import pytest

from dihub.accounts.domains import domain_matches, email_domain, website_domain


@pytest.mark.parametrize("email, website, expected", [
    ("jane@uni.example.org", "https://www.uni.example.org/hub", True),
    ("jane@ai.uni.example.org", "https://uni.example.org", True),
    ("jane@uni.example.org", "hub.uni.example.org", True),
    ("Jane@UNI.Example.org", "http://uni.example.org", True),
    ("jane@gmail.com", "https://uni.example.org", False),
    ("jane@example.org.evil.com", "https://example.org", False),
    ("jane@notuni.example.org", "https://uni.example.org", False),
    ("jane@uni.example.org", "", False),
    ("jane@localhost", "http://localhost", False),
])
def test_domain_matches(email, website, expected):
    assert domain_matches(email, website) is expected


def test_parts():
    assert email_domain("a@B.org.") == "b.org"
    assert website_domain("www.x.org/path") == "x.org"
    assert website_domain("") == ""
