"""The plain shape every importer produces: one hub as one source describes it.

No Django here: parsers turn files into HubRecords, `apply` writes them.
"""

import hashlib
import json
import re
from dataclasses import dataclass, field, fields


@dataclass
class TermRef:
    vocabulary: str  # "edih" or "jrc"
    kind: str  # "technology", "sector" or "service"
    name: str
    level: int | None = None


@dataclass
class Problem:
    row: int | None
    column: str
    reason: str
    value: str = ""

    def as_dict(self):
        """The problem for the report, which a database keeps: text it cannot hold (a NUL
        character, a lone surrogate) shown as U+FFFD."""
        data = {"row": self.row, "column": _storable(self.column),
                "reason": _storable(self.reason)}
        if self.value:
            data["value"] = _storable(self.value[:200])
        return data


_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _storable(text: str) -> str:
    return _UNSTORABLE.sub("\ufffd", str(text))


@dataclass
class HubRecord:
    source: str  # "edih", "jrc" (NGSI-LD), "jrc-portal" or "dihub"
    source_id: str
    row: int | None = None
    name: str = ""
    local_name: str = ""
    title: str = ""
    description: str = ""
    local_description: str = ""
    hub_type: str = ""
    status: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""  # ISO 3166 alpha-2
    address_text: str = ""
    lat: float | None = None
    lon: float | None = None
    region: str = ""  # NUTS code, when the source gives one
    website: str = ""
    social: dict = field(default_factory=dict)
    initiative: str = ""
    terms: list[TermRef] = field(default_factory=list)
    # the (vocabulary, kind) pairs this record speaks for: their terms on the hub are replaced
    described: list[tuple[str, str]] = field(default_factory=list)
    # keys of the same hub in other sources: (source, source_id)
    same_as: list[tuple[str, str]] = field(default_factory=list)
    contacts: list[dict] = field(default_factory=list)
    organisations: list[dict] = field(default_factory=list)
    examples: list[dict] = field(default_factory=list)
    funding: list[dict] = field(default_factory=list)
    slug: str = ""  # kept by dihub's own exports, so that a round trip keeps URLs
    # ISO 639-1 codes the hub serves customers in, and its texts in other languages
    # ({"de": {"name": ...}}); None: the source does not speak for them (they are kept)
    languages: list[str] | None = None
    translations: dict[str, dict[str, str]] | None = None
    problems: list[Problem] = field(default_factory=list)
    # the file's names of fact-sheet fields where they differ ("address.city": "Town"),
    # for problems found after parsing (importers.conform)
    columns: dict[str, str] = field(default_factory=dict)

    def problem(self, column, reason, value=""):
        self.problems.append(Problem(self.row, column, reason, str(value)))

    def fingerprint(self, salt=""):
        """A hash of the record's content (not its row or problems): same hash, same hub."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in NOT_HASHED
                and not (f.name in HASHED_WHEN_GIVEN and getattr(self, f.name) is None)}
        data["terms"] = [(t.vocabulary, t.kind, t.name, t.level) for t in self.terms]
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str) + salt
        return hashlib.sha256(blob.encode()).hexdigest()


NOT_HASHED = {"row", "problems", "columns"}
# left out of the hash when None, so that records of sources without them hash as before
HASHED_WHEN_GIVEN = {"languages", "translations"}


class UnusableInput(Exception):
    """The file as a whole cannot be read: wrong format, empty, truncated."""
