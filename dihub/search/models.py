"""The record of hub changes that keeps every process's search index current.

Each write to hubs bumps the one `Generation` row in its own transaction and logs a `Change`
with the hubs it touched. The row lock orders the writers, so a generation becomes visible
only with the writes before it; a process whose index is older re-reads the hubs of the
changes since (changes.py)."""

from django.db import models


class Generation(models.Model):
    """How many times the hubs changed, and a random stamp of the latest change (after a
    rolled-back write the count can come back, the stamp cannot)."""

    value = models.BigIntegerField(default=0)
    stamp = models.CharField(max_length=32, default="")

    def __str__(self):
        return f"generation {self.value}"


class Change(models.Model):
    """The hubs one change touched; the latest few thousand changes are kept."""

    generation = models.BigIntegerField(primary_key=True)
    stamp = models.CharField(max_length=32)
    hub_ids = models.JSONField(default=list)

    def __str__(self):
        return f"change {self.generation}: {len(self.hub_ids)} hubs"
