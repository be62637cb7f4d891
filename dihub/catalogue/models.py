"""A hub's fact-sheet and where its facts came from."""

import re

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modeltrans.fields import TranslationField

from dihub.params import ascii_int
from dihub.regions.models import Region
from dihub.taxonomy.models import Kind, Term

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")


class HubType(models.TextChoices):
    EDIH = "edih", _("European Digital Innovation Hub")
    SEAL = "seal", _("Seal of Excellence")
    DIH = "dih", _("Digital Innovation Hub")
    COMPETENCE_CENTRE = "competence-centre", _("Competence centre")
    OTHER = "other", pgettext_lazy("hub type", "Other")


class Status(models.TextChoices):
    IN_PREPARATION = "in-preparation", _("In preparation")
    OPERATIONAL = "operational", _("Operational")
    UNKNOWN = "unknown", pgettext_lazy("hub status", "Unknown")


class Validation(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("validation", "Submitted")
    PUBLISHED = "published", pgettext_lazy("validation", "Published")
    ARCHIVED = "archived", pgettext_lazy("validation", "Archived")


class Placement(models.TextChoices):
    """How a hub's coordinates or region were found; manual ones survive imports."""

    NONE = "", _("not placed")
    SOURCE = "source", _("given by the source")
    POSTCODE = "postcode", _("from the postcode")
    PLACE = "place", _("from the place name")
    COUNTRY = "country", _("country only")
    BOUNDARY = "boundary", _("inside the region's boundary")
    MANUAL = "manual", _("set by hand")


# Paths under /api/hubs/ that are not a hub: no hub may take one as its slug.
RESERVED_SLUGS = frozenset({"summary"})


class HubQuerySet(models.QuerySet):
    def by_key(self, key):
        """The hub of these with this id (ASCII digits) or slug; None when there is none
        (or the key could be neither). The one lookup of a hub named in a URL."""
        key = str(key).strip()
        pk = ascii_int(key, 1)
        hub = self.filter(pk=pk).first() if pk is not None else None
        if hub is None and SLUG.fullmatch(key):
            hub = self.filter(slug=key).first()
        return hub


class Hub(models.Model):
    slug = models.SlugField(max_length=120, unique=True)
    name = models.CharField(max_length=300)
    local_name = models.CharField(max_length=300, blank=True)
    title = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True, help_text="sanitized HTML")
    local_description = models.TextField(blank=True, help_text="sanitized HTML")
    hub_type = models.CharField(max_length=20, choices=HubType.choices, default=HubType.DIH)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNKNOWN)
    validation = models.CharField(
        max_length=12, choices=Validation.choices, default=Validation.PUBLISHED
    )

    street = models.CharField(max_length=300, blank=True)
    postcode = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=2, blank=True, db_index=True, help_text="ISO 3166")
    address_text = models.CharField(max_length=500, blank=True, help_text="as the source wrote it")
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    coords_from = models.CharField(max_length=10, choices=Placement.choices, blank=True)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="hubs"
    )
    region_from = models.CharField(max_length=10, choices=Placement.choices, blank=True)

    website = models.URLField(max_length=500, blank=True)
    social = models.JSONField(default=dict, blank=True, help_text="network name: URL")
    initiative = models.TextField(
        blank=True, help_text="national or regional digitisation initiative (sanitized HTML)"
    )
    terms = models.ManyToManyField(Term, through="HubTerm", related_name="hubs")
    # name, title and description kept by the hub in other languages: name_de, title_fr...;
    # name_i18n is the reader's language, else the original (django-modeltrans)
    i18n = TranslationField(fields=("name", "title", "description"))

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    checked_at = models.DateTimeField(
        null=True, blank=True, help_text="a manager confirmed the fact-sheet is still right"
    )

    objects = HubQuerySet.as_manager()

    class Meta:
        ordering = ["name", "slug"]
        indexes = [
            models.Index(fields=["hub_type", "country"]),
            # the public list: published hubs by name, counted and paged without a sort
            models.Index(fields=["validation", "name", "slug"], name="hub_public_order"),
            # the map's searches: bbox and near scan a band of latitudes
            models.Index(fields=["lat", "lon"], name="hub_lat_lon"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("hub-detail", args=[self.slug])

    def terms_of(self, kind):
        return [ht for ht in self.hub_terms.all() if ht.term.kind == kind]

    @property
    def technologies(self):
        return self.terms_of(Kind.TECHNOLOGY)

    @property
    def sectors(self):
        return self.terms_of(Kind.SECTOR)

    @property
    def services(self):
        return self.terms_of(Kind.SERVICE)


class HubTerm(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="hub_terms")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="hub_terms")
    level = models.PositiveSmallIntegerField(null=True, blank=True, help_text="engagement 1-5")

    class Meta:
        ordering = ["-level", "term__name"]
        constraints = [models.UniqueConstraint(fields=["hub", "term"], name="hubterm_unique")]

    def __str__(self):
        return f"{self.term} - {self.level}" if self.level else str(self.term)


class Contact(models.Model):
    """A contact person. Personal data: public only with consent, erasable."""

    PERSONAL_FIELDS = ("name", "email", "phone")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=50, blank=True)
    publish = models.BooleanField(default=False, help_text="the person agreed to be shown")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name or self.email


class Organisation(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        PARTNER = "partner", _("Partner")

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(max_length=300)
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.PARTNER)
    country = models.CharField(max_length=2, blank=True)
    website = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["role", "name"]

    def __str__(self):
        return self.name


class ServiceExample(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="examples")
    title = models.CharField(max_length=300)
    client_profile = models.TextField(blank=True)
    need = models.TextField(blank=True)
    solution = models.TextField(blank=True)
    result = models.TextField(blank=True)
    i18n = TranslationField(fields=("title", "client_profile", "need", "solution", "result"))

    def __str__(self):
        return self.title


class FundingSource(models.Model):
    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="funding")
    programme = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    def __str__(self):
        return self.programme


class ImportRun(models.Model):
    file_name = models.CharField(max_length=500)
    format = models.CharField(max_length=20)
    started_at = models.DateTimeField(auto_now_add=True)
    report = models.JSONField(default=dict)

    def __str__(self):
        return f"{self.format} {self.file_name} {self.started_at:%Y-%m-%d %H:%M}"


class SourceRecord(models.Model):
    """One hub as one source describes it. A hub may have several."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="sources")
    source = models.CharField(max_length=20, help_text="edih, jrc, dihub")
    source_id = models.CharField(max_length=300)
    fingerprint = models.CharField(max_length=64, help_text="hash of the record's data")
    first_run = models.ForeignKey(
        ImportRun, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="source_unique_id")
        ]

    def __str__(self):
        return f"{self.source}:{self.source_id}"


class MergeCandidate(models.Model):
    """Two hubs that may be one: for a coordinator to decide, never merged silently."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    decided = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hub", "other"], name="merge_unique_pair")
        ]

    def __str__(self):
        return f"{self.hub} ~ {self.other} ({self.score:.2f})"


class HubVersion(models.Model):
    """A hub's whole fact-sheet after one change: who, when, why, and the sheet itself.

    The history of a hub is its versions; a diff is two versions compared. Contact persons
    inside `sheet` are personal data: erasure rewrites them (see catalogue.history)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="versions")
    sheet = models.JSONField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.hub} {self.created_at:%Y-%m-%d %H:%M} {self.reason}"


class Draft(models.Model):
    """Changes to a hub's fact-sheet that the public does not see until a coordinator
    publishes them. At most one open draft per hub, shared by its managers."""

    class State(models.TextChoices):
        EDITING = "editing", "Being edited"
        SUBMITTED = "submitted", "Submitted for review"
        SENT_BACK = "sent-back", "Sent back"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN = (State.EDITING, State.SUBMITTED, State.SENT_BACK)

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="drafts")
    sheet = models.JSONField()
    base = models.JSONField(help_text="the published sheet the draft started from")
    state = models.CharField(max_length=10, choices=State.choices, default=State.EDITING)
    comment = models.TextField(blank=True, help_text="the coordinator's, when sent back")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["hub"], condition=models.Q(state__in=["editing", "submitted", "sent-back"]),
                name="draft_one_open",
            )
        ]

    def __str__(self):
        return f"{self.hub} ({self.state})"

    @property
    def is_open(self):
        return self.state in self.OPEN


class SuppressedAddress(models.Model):
    """The keyed hash of an e-mail address erased on request (catalogue.suppression): no
    import and no fact-sheet brings a contact person with that address back."""

    digest = models.CharField(max_length=64, unique=True, help_text="HMAC-SHA256, hex")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.digest[:12]


class ServiceLanguage(models.Model):
    """A language the hub serves its customers in (ISO 639-1)."""

    hub = models.ForeignKey(Hub, on_delete=models.CASCADE, related_name="service_languages")
    code = models.CharField(max_length=3, db_index=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["hub", "code"],
                                               name="servicelanguage_unique")]

    def __str__(self):
        return self.code
