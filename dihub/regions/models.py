from django.db import models


class Region(models.Model):
    """A NUTS region (or a statistical region of a country outside the EU).

    Codes follow Eurostat: country codes are NUTS codes (EL for Greece, UK).
    Level 0 is the country itself.
    """

    code = models.CharField(max_length=6, primary_key=True)
    name = models.CharField(max_length=200)
    level = models.PositiveSmallIntegerField()
    country = models.CharField(max_length=2, db_index=True, help_text="NUTS country code")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    scheme = models.CharField(max_length=12, help_text="NUTS2024, SR2024 or NUTS2018")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    def ancestors(self):
        """This region and its parents, the country first."""
        chain, region = [], self
        while region is not None:
            chain.append(region)
            region = region.parent
        return chain[::-1]


class RegionBoundary(models.Model):
    """A region's outline, loaded from a Eurostat GISCO NUTS file the user downloaded
    (`dihub regions boundaries FILE`): dihub ships none."""

    region = models.OneToOneField(
        Region, primary_key=True, on_delete=models.CASCADE, related_name="boundary"
    )
    geometry = models.TextField(help_text="GeoJSON Polygon or MultiPolygon, WGS 84")
    simple = models.TextField(help_text="the same, simplified for maps")
    west = models.FloatField()
    south = models.FloatField()
    east = models.FloatField()
    north = models.FloatField()
    source = models.CharField(max_length=300, help_text="the file it came from")
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["region_id"]

    def __str__(self):
        return f"boundary of {self.region_id}"
