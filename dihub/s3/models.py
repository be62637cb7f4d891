"""A region's smart-specialisation (S3) priorities and its indicator values."""

from django.db import models

from dihub.catalogue.models import ImportRun
from dihub.regions.models import Region

from .csvfiles import title_key


class Priority(models.Model):
    """One S3 priority of a region, in the shape of the Eye@RIS3 database.

    Natural key: region, programming period and title (compared case-folded, single-spaced,
    through `title_key`): importing the same file again changes nothing.
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="s3_priorities",
                               help_text="NUTS code at any level, usually NUTS 2 or a country")
    period = models.CharField(max_length=9, help_text="programming period, e.g. 2021-2027")
    title = models.CharField(max_length=500)
    title_key = models.CharField(max_length=500, editable=False,
                                 help_text="the title folded: the natural key's third part")
    description = models.TextField(blank=True)
    nace_codes = models.JSONField(default=list, blank=True,
                                  help_text="economic domains as NACE Rev.2 codes: C, C26, C26.1")
    scientific_domains = models.JSONField(default=list, blank=True)
    policy_objectives = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=300, blank=True)
    import_run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["region", "-period", "title"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(fields=["region", "period", "title_key"],
                                    name="s3_priority_natural_key"),
        ]

    def __str__(self):
        return f"{self.region_id} {self.period}: {self.title}"

    def save(self, *args, **kwargs):
        self.title_key = title_key(self.title)
        super().save(*args, **kwargs)


class IndicatorValue(models.Model):
    """One value of one indicator for one region and year (EIPE, population, enterprises).

    Natural key: region, indicator name and year.
    """

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="indicator_values")
    name = models.CharField(max_length=200, help_text="e.g. population, enterprises, eipe")
    year = models.PositiveSmallIntegerField()
    value = models.FloatField()
    unit = models.CharField(max_length=50, blank=True)
    source = models.CharField(max_length=300, blank=True)
    import_run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["region", "name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name", "year"],
                                    name="s3_indicator_natural_key"),
        ]

    def __str__(self):
        return f"{self.region_id} {self.name} {self.year}: {self.value:g} {self.unit}".rstrip()
