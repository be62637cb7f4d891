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
