from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltrans.fields import TranslationField


class Kind(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology")
    SECTOR = "sector", _("Sector")
    SERVICE = "service", _("Service")


class Vocabulary(models.TextChoices):
    EDIH = "edih", _("EDIH catalogue (2025)")
    JRC = "jrc", _("JRC DIH Tool (2022)")


class TermQuerySet(models.QuerySet):
    def with_equivalents(self):
        """These terms and every term the crosswalk links to them, in either vocabulary."""
        ids = set(self.values_list("id", flat=True))
        links = Crosswalk.objects.filter(models.Q(jrc_id__in=ids) | models.Q(edih_id__in=ids))
        for jrc_id, edih_id in links.values_list("jrc_id", "edih_id"):
            ids.update((jrc_id, edih_id))
        return Term.objects.filter(id__in=ids)


class Term(models.Model):
    """A technology, sector or service of one vocabulary.

    Terms met in imports that no vocabulary knows are kept with known=False.
    """

    vocabulary = models.CharField(max_length=8, choices=Vocabulary.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220)
    source_id = models.CharField(max_length=20, blank=True, help_text="id in the source tool")
    known = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)
    # the name in de, fr, es, it, pl (data/labels.csv); name_i18n: the active language's
    i18n = TranslationField(fields=("name",))

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "vocabulary", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "kind", "name"], name="term_unique_name"),
            models.UniqueConstraint(fields=["vocabulary", "kind", "slug"], name="term_unique_slug"),
        ]

    def __str__(self):
        return self.name


class Crosswalk(models.Model):
    """A link between a JRC term and an EDIH term of the same kind."""

    class Relation(models.TextChoices):
        EXACT = "exact", _("same meaning")
        BROADER = "broader", _("the JRC term is broader")
        NARROWER = "narrower", _("the JRC term is narrower")
        RELATED = "related", _("overlapping")

    jrc = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="edih_links")
    edih = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="jrc_links")
    relation = models.CharField(max_length=10, choices=Relation.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["jrc", "edih"], name="crosswalk_unique_pair")
        ]

    def __str__(self):
        return f"{self.jrc} ~ {self.edih} ({self.relation})"
