"""Signals of the catalogue for the apps that keep something derived from hubs.

`hubs_changed(hub_ids=[...])`: these hubs, or their terms or organisations, changed in ways
the ORM's own model signals do not tell (bulk inserts, admin inlines). Code that writes
such changes sends it once, after writing.
"""

from django.dispatch import Signal

hubs_changed = Signal()


def changed(hub_ids):
    hubs_changed.send(sender=None, hub_ids=list(hub_ids))
