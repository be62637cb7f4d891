"""Assessed organisations and their assessments. Answers are private: a company's members
and the hubs it shares them with see them (dihub.maturity.privacy); aggregates in public
suppress small cells."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dihub.catalogue.models import Hub
from dihub.regions.models import Region


def new_key() -> str:
    return uuid.uuid4().hex


class Company(models.Model):
    """An SME, a mid-cap or a public body that assesses its digital maturity."""

    name = models.CharField(max_length=300)
    country = models.CharField(max_length=2, blank=True)
    key = models.CharField(
        max_length=64, default=new_key, db_index=True,
        help_text="a stable key in CSV files (company_key): T0 and T1 rows of one company",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="companies",
        help_text="people who act for the company and see all its assessments",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self):
        return self.name


class Assessment(models.Model):
    """One answering of one questionnaire version by one company, maybe with a hub."""

    class Phase(models.TextChoices):
        SELF = "", _("self-assessment")
        T0 = "t0", _("T0, before the hub's support")
        T1 = "t1", _("T1, after the hub's support")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="assessments")
    questionnaire = models.CharField(max_length=20, help_text="definition key, e.g. sme")
    version = models.PositiveSmallIntegerField(help_text="definition version, never changed")
    answers = models.JSONField(default=dict, blank=True)
    step = models.PositiveSmallIntegerField(default=0, help_text="where the person stopped")

    hub = models.ForeignKey(
        Hub, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments",
        help_text="the hub that supports the company (T0 and T1 are with one hub)",
    )
    phase = models.CharField(max_length=2, choices=Phase.choices, blank=True, default="")
    baseline = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups",
        help_text="for a T1: the T0 it is compared with",
    )
    shared_with = models.ManyToManyField(
        Hub, blank=True, related_name="shared_assessments",
        help_text="hubs whose managers may see the answers",
    )

    # copied from the answers' profile when saved, for peers and aggregates
    sector = models.CharField(max_length=2, blank=True, help_text="NACE Rev.2 section")
    size_class = models.CharField(max_length=20, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")

    # kept when completed
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    overall = models.FloatField(null=True, blank=True)
    level = models.CharField(max_length=24, blank=True)
    dimensions = models.JSONField(default=dict, blank=True, help_text="dimension key: score")

    # a CSV's stable key of the row (external_id): importing a file again updates, never
    # duplicates; an assessment made in dihub gets a random one
    external_id = models.CharField(max_length=64, default=new_key, db_index=True)
    imported = models.BooleanField(default=False, help_text="made by a CSV import")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["questionnaire", "completed_at"])]

    def __str__(self):
        return f"{self.company} {self.questionnaire} v{self.version} {self.phase or 'self'}"

    @property
    def is_complete(self):
        return self.completed_at is not None
