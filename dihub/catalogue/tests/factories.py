"""Small builders of hubs for tests, straight through the ORM."""

from itertools import count

from dihub.catalogue.models import (
    Contact,
    FundingSource,
    Hub,
    HubTerm,
    Organisation,
    ServiceExample,
    SourceRecord,
)
from dihub.catalogue.signals import changed
from dihub.regions.models import Region
from dihub.taxonomy.models import Term

_numbers = count(1)


def term(name, kind="technology", vocabulary="edih"):
    from django.utils.text import slugify

    found = Term.objects.filter(vocabulary=vocabulary, kind=kind, name=name).first()
    if found:
        return found
    return Term.objects.create(vocabulary=vocabulary, kind=kind, name=name, slug=slugify(name))


def region(code="DE11", name="Stuttgart", country="DE"):
    found = Region.objects.filter(code=code).first()
    if found:
        return found
    return Region.objects.create(code=code, name=name, level=len(code) - 2, country=country,
                                 scheme="NUTS2024")


def make_hub(name=None, *, terms=(), contacts=(), organisations=(), examples=(), funding=(),
             sources=(), **fields) -> Hub:
    """A hub; terms as (name, kind, level) or (name, kind, level, vocabulary)."""
    n = next(_numbers)
    name = name or f"Test hub {n}"
    fields.setdefault("slug", f"test-hub-{n}")
    fields.setdefault("country", "DE")
    hub = Hub.objects.create(name=name, **fields)
    for spec in terms:
        term_name, kind, level, *vocab = spec
        HubTerm.objects.create(hub=hub, term=term(term_name, kind, *(vocab or ["edih"])),
                               level=level)
    for i, c in enumerate(contacts):
        Contact.objects.create(hub=hub, position=i, **c)
    for o in organisations:
        Organisation.objects.create(hub=hub, **o)
    for e in examples:
        ServiceExample.objects.create(hub=hub, **e)
    for f in funding:
        FundingSource.objects.create(hub=hub, **f)
    for source, source_id in sources:
        SourceRecord.objects.create(hub=hub, source=source, source_id=source_id, fingerprint="x")
    if terms or organisations:
        changed([hub.pk])  # as the importer and the admin do after writing a hub's parts
    return hub


def full_hub(**overrides) -> Hub:
    """A hub with every part of the fact-sheet filled, one secret and one public contact."""
    values = dict(
        name="Robotics Hub Stuttgart",
        slug="robotics-hub-stuttgart",
        local_name="Robotik-Hub Stuttgart",
        title="Robots for SMEs",
        description="<p>We help <strong>SMEs</strong> with robots &amp; AI.</p>",
        local_description="<p>Wir helfen KMU.</p>",
        hub_type="edih",
        status="operational",
        street="Nobelstraße 12",
        postcode="70569",
        city="Stuttgart",
        country="DE",
        address_text="Nobelstraße 12, 70569 Stuttgart, Germany",
        lat=48.74,
        lon=9.10,
        region=region(),
        website="https://robotics.example.org/",
        social={"twitter": "https://twitter.com/robotics", "linkedin": "https://li.example/r"},
        initiative="<p>Industrie 4.0 BW</p>",
        terms=[
            ("Artificial Intelligence & Decision support", "technology", 5),
            ("Robotics", "technology", 4),
            ("Micro- and nanoelectronics, optoelectronics", "technology", 2),
            ("Robotics", "technology", 3, "jrc"),
            ("Manufacturing and processing", "sector", 5),
            ("Test before invest", "service", None),
        ],
        contacts=[
            dict(name="Secret Person", role="manager", email="secret@example.org",
                 phone="+49 111", publish=False),
            dict(name="Public Person", role="contact point", email="hello@example.org",
                 phone="+49 222", publish=True),
        ],
        organisations=[
            dict(name="University of Stuttgart", role="coordinator", country="DE",
                 website="https://uni.example.org/"),
            dict(name="Fraunhofer IPA", role="partner", country="DE"),
        ],
        examples=[dict(title="A robot cell for a bakery", need="automation", result="faster")],
        funding=[dict(programme="Digital Europe Programme", description="EDIH grant")],
    )
    values.update(overrides)
    values.setdefault("sources", [("edih", f"{values['name']} | {values['title']}")])
    return make_hub(**values)
