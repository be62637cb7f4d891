"""Does an e-mail address belong to a hub's website? Plain functions, no Django."""

from urllib.parse import urlsplit


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower().rstrip(".")


def website_domain(url: str) -> str:
    """The host of a website without "www."; "" when there is none."""
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def domain_matches(email: str, website: str) -> bool:
    """True when the e-mail's domain is the website's host or one of them is a
    subdomain of the other (jane@ai.uni.de and www.uni.de, or jane@uni.de and hub.uni.de)."""
    mail, site = email_domain(email), website_domain(website)
    if not mail or not site or "." not in mail or "." not in site:
        return False
    return mail == site or mail.endswith("." + site) or site.endswith("." + mail)
