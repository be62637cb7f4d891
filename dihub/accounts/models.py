"""Who manages which hub, and the ways to become a manager: a claim or an invitation."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dihub.catalogue.models import Hub


class Membership(models.Model):
    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MANAGER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["hub__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "hub"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} - {self.hub} ({self.role})"


class Claim(models.Model):
    """A person asks to manage a hub; a coordinator decides."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims"
    )
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="claims")
    message = models.TextField(blank=True)
    email = models.EmailField(help_text="the person's verified address when they claimed")
    domain_matches = models.BooleanField(
        default=False, help_text="the e-mail's domain is the hub website's domain"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    reason = models.TextField(blank=True, help_text="why it was refused")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "hub"], condition=models.Q(state="pending"),
                name="claim_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.user} claims {self.hub} ({self.state})"


def new_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    """An invitation, by e-mail, to manage a hub; accepted once, after sign-in."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True, default=new_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} to {self.hub}"


class ApiToken(models.Model):
    """A personal API token, sent as ``Authorization: Bearer <secret>``. The secret is shown
    once, when made; only its SHA-256 hash and a short public prefix are kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="what the token is for")
    prefix = models.CharField(max_length=16, help_text="the secret's first characters")
    key_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the secret")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…) of {self.user}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Reminder(models.Model):
    """A stale hub's managers were asked to check its fact-sheet (`dihub remind`)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField(db_index=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.hub} {self.sent_at:%Y-%m-%d}"


class Erasure(models.Model):
    """That a person's data was erased, and how much: the log keeps no personal data."""

    class Subject(models.TextChoices):
        ACCOUNT = "account", "an account, at its owner's request"
        CONTACT = "contact", "a contact person, by an administrator"

    subject = models.CharField(max_length=10, choices=Subject.choices)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text="empty when the person erased their own account",
    )
    counts = models.JSONField(default=dict, help_text="what was removed, by kind")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} erased {self.created_at:%Y-%m-%d %H:%M}"
