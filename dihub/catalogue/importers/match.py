"""Finding the hub that another source already describes. No Django.

Two records of different sources are the same hub when they are in the same
country and either carry the same name (or title), or share a website domain
and look alike by name. Weaker evidence makes a doubtful pair, which a person
decides: it is never merged silently.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

NOISE = {
    "the", "of", "and", "for", "in", "de", "la", "di", "del", "der", "und", "et", "en", "y",
    "hub", "dih", "edih", "digital", "innovation", "european", "centre", "center",
}
CERTAIN_SIMILARITY = 0.5
DOUBTFUL_SIMILARITY = 0.8


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def lossy(text: str) -> str:
    """A name as the JRC's damaged export writes it: every non-ASCII letter dropped."""
    return fold((text or "").encode("ascii", "ignore").decode())


def keys_of(names) -> set[str]:
    return {fold(n) for n in names} | {lossy(n) for n in names}


def tokens(text: str) -> frozenset[str]:
    return frozenset(t for t in fold(text).split() if t not in NOISE and len(t) > 1)


def similarity(a: str, b: str) -> float:
    """0..1: how alike two hub names are, by their meaningful words and letters."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    overlap = len(ta & tb) / min(len(ta), len(tb))
    letters = SequenceMatcher(None, " ".join(sorted(ta)), " ".join(sorted(tb))).ratio()
    return max(overlap * 0.9, letters)


@dataclass
class Candidate:
    hub_id: int
    sources: set[str]
    country: str
    names: list[str]
    domain: str


@dataclass
class Match:
    hub_id: int
    certain: bool
    score: float
    reasons: list[str] = field(default_factory=list)


class Matcher:
    """An in-memory index of hubs, to match incoming records against.

    Only hubs that share a name, a website domain or a rare word with the record
    are compared, so matching stays fast on large catalogues.
    """

    RARE = 50  # a word shared by more hubs of a country than this says nothing

    def __init__(self):
        self.by_key: dict[tuple, list[Candidate]] = defaultdict(list)
        self.domain_count: dict[str, int] = defaultdict(int)

    def add(self, hub_id, sources, country, names, domain):
        cand = Candidate(hub_id, set(sources), country, [n for n in names if n], domain)
        keys = {("name", country, k) for k in keys_of(cand.names)}
        keys |= {("word", country, t) for n in cand.names for t in tokens(n)}
        if domain:
            keys.add(("domain", country, domain))
            self.domain_count[domain] += 1
        for key in keys:
            self.by_key[key].append(cand)

    def find(self, source: str, country: str, names: list[str], domain: str) -> Match | None:
        names = [n for n in names if n]
        folded = keys_of(names)
        pool = {}
        keys = [("name", country, f) for f in folded] + [("domain", country, domain)]
        keys += [("word", country, t) for n in names for t in tokens(n)]
        for key in keys:
            found = self.by_key.get(key, ())
            if key[0] == "word" and len(found) > self.RARE:
                continue
            for cand in found:
                if source not in cand.sources:
                    pool[id(cand)] = cand
        best = None
        for cand in pool.values():
            match = self._compare(cand, folded, names, domain)
            if match and (not best or (match.certain, match.score) > (best.certain, best.score)):
                best = match
        return best

    def _compare(self, cand, folded, names, domain):
        if folded & keys_of(cand.names):
            return Match(cand.hub_id, True, 1.0, ["same name"])
        score = max((similarity(a, b) for a in names for b in cand.names), default=0.0)
        same_domain = bool(domain) and domain == cand.domain
        if same_domain and self.domain_count[domain] <= 1 and score >= CERTAIN_SIMILARITY:
            return Match(cand.hub_id, True, score, [f"same website {domain}", "similar name"])
        if same_domain:
            return Match(cand.hub_id, False, score, [f"same website {domain}"])
        if score >= DOUBTFUL_SIMILARITY:
            return Match(cand.hub_id, False, score, [f"similar name ({score:.2f})"])
        return None
