"""Brokering a company's need to hub services: a ranked list, each match explained. No Django.

A `Need` (what a company is looking for) is matched against `ServiceFacts` (one hub service
each). A service that cannot serve the company is excluded; every other one gets a score of
at most 100 points, the sum of the parts below, each rounded to 2 decimals first, so that
`sum(points for _, points in match.parts) == match.score` exactly. Matches are ordered by
score (to the cent), then by service id.

Hard exclusions (reason codes of `Excluded`), the service cannot take this company:

    category  the need asks for some categories and the service is in none of them
    target    the need's kind of organisation is not among the service's targets (empty = all)
    size      the need's size class is not among the service's sizes (empty = all)
    country   the need's country is not served (hub country or countries_served) and the
              service is not offered across borders
    language  both sides list languages and none is shared
    budget    the service's lowest price is above the need's budget
    capacity  no place left (capacity_left <= 0; None means not limited)
    distance  the service is delivered on site or at the company only (no "remote"; an
              empty delivery counts as on site) and lies farther than the need's max_km

Parts (points = weight x a factor in 0..1; weights in WEIGHTS):

    technology    30  share of the need's technologies the service covers
    sector        15  share of the need's sectors the service covers
    text          20  cosine of TF-IDF vectors (terms(): folded, stemmed words; tf is
                      1 + ln(count), idf is ln((1 + N) / (1 + df)) + 1 over the catalogue)
    dma_gap       15  sum of the need's gap weights (0..1, 1 = weakest) of the DMA
                      dimensions the service addresses, capped at GAP_CAP, over GAP_CAP
    proximity     10  remote delivery: 1; otherwise 1 - distance / max_km; unknown place: 0
    language       3  1 when a language is shared
    home_country   2  1 when the need's country is served without crossing a border
    price          5  free 1, subsidised 0.6, paid 0.3 (PRICE_FACTOR); halved when the
                      highest price is above the budget

A part the need does not specify (no technologies, no text, no assessment, no place, no
languages, no country, no budget) gives 0 to every service, so it does not change the
order: a need with nothing specified lists every service by id. Capacity left is shown, not
scored: a service with two places left fits as well as an unlimited one.

Distances are straight-line (chord) kilometres between points on a sphere of radius
EARTH_RADIUS_KM: within 0.01% of the great-circle distance at 300 km, and computed with
nothing but products, sums and a square root, so the loop and the arrays agree to the bit.

Two implementations with identical results: `rank_loop` (per pair, the reference) and
`ServiceTable.rank` (the exclusions and then the parts of every service left, with array
operations that repeat the loop's in its order, then the per-pair function for the top
ones only). `explain` answers for one pair, with the reasons when excluded.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from dihub.regions.gazetteer import fold
from dihub.search.text import stem

WEIGHTS: dict[str, float] = {  # points; a service that fits on every part scores 100
    "technology": 30.0,
    "sector": 15.0,
    "text": 20.0,
    "dma_gap": 15.0,
    "proximity": 10.0,
    "language": 3.0,
    "home_country": 2.0,
    "price": 5.0,
}
PARTS = tuple(WEIGHTS)
GAP_CAP = 1.0
PRICE_FACTOR = {"free": 1.0, "subsidised": 0.6, "paid": 0.3}  # unknown models count as paid
OVER_BUDGET_FACTOR = 0.5
EARTH_RADIUS_KM = 6371.0088
REASONS = ("category", "target", "size", "country", "language", "budget", "capacity",
           "distance")
STOP_WORDS = frozenset("""
and the for with our you your are from this that into all can will who how per via its
their them they has have was were not but any more most such also new use using
der die das und mit fur von des les pour avec dans une sur del con por para che per
""".split())


@dataclass(frozen=True)
class ServiceFacts:
    """What matching knows of one hub service."""

    id: int
    hub_id: int = 0
    title: str = ""
    text: str = ""
    category: str = "test_before_invest"
    technologies: frozenset[int] = frozenset()
    sectors: frozenset[int] = frozenset()
    targets: frozenset[str] = frozenset()
    sizes: frozenset[str] = frozenset()
    delivery: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    country: str = ""
    countries_served: frozenset[str] = frozenset()
    cross_border: bool = False
    price_model: str = "free"
    price_min: float | None = None
    price_max: float | None = None
    capacity_left: int | None = None
    lat: float | None = None
    lon: float | None = None
    dimensions: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Need:
    """What a company is looking for; every field may be left unspecified."""

    text: str = ""
    technologies: frozenset[int] = frozenset()
    sectors: frozenset[int] = frozenset()
    target: str | None = None
    size: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    languages: frozenset[str] = frozenset()
    budget: float | None = None
    gaps: Mapping[str, float] = field(default_factory=dict)
    max_km: float = 300.0
    categories: frozenset[str] = frozenset()

    def __post_init__(self):
        if not self.max_km > 0:
            raise ValueError(f"max_km must be positive, not {self.max_km!r}")


@dataclass(frozen=True)
class Match:
    service_id: int
    score: float
    parts: tuple[tuple[str, float], ...]
    explanation: dict


@dataclass(frozen=True)
class Excluded:
    service_id: int
    reasons: tuple[str, ...]


# -- text ------------------------------------------------------------------------------------

def terms(text: str) -> list[str]:
    """The folded, stemmed words of a text, stop words and single letters left out."""
    return [stem(w) for w in fold(text).split() if len(w) > 1 and w not in STOP_WORDS]


def _tf(count: int) -> float:
    return 1.0 + math.log(count)


def _idf(size: int, df: int) -> float:
    return math.log((1 + size) / (1 + df)) + 1.0


def _norm(weights: Mapping[str, float]) -> float:
    total = 0.0
    for w in sorted(weights):
        v = weights[w]
        total += v * v
    return math.sqrt(total)


@dataclass(frozen=True)
class Corpus:
    """Document frequencies over a catalogue, and each service's TF-IDF weights (sorted by
    term) with their norm."""

    size: int
    df: Mapping[str, int]
    docs: Mapping[int, tuple[dict[str, float], float]]

    @classmethod
    def build(cls, services: Iterable[ServiceFacts]) -> "Corpus":
        shared: dict[str, str] = {}  # one string object per term
        counts = {}
        for s in services:
            counts[s.id] = Counter(shared.setdefault(w, w) for w in terms(s.text))
        df: Counter = Counter()
        for c in counts.values():
            df.update(c.keys())
        idf = {w: _idf(len(counts), d) for w, d in df.items()}
        docs = {}
        for sid, c in counts.items():
            weights = {w: _tf(c[w]) * idf[w] for w in sorted(c)}
            docs[sid] = (weights, _norm(weights))
        return cls(len(counts), dict(df), docs)

    def doc(self, service: ServiceFacts) -> tuple[dict[str, float], float]:
        """The service's weights; those of a service outside the corpus use its figures."""
        found = self.docs.get(service.id)
        if found is not None:
            return found
        c = Counter(terms(service.text))
        weights = {w: _tf(c[w]) * _idf(self.size, self.df.get(w, 0)) for w in sorted(c)}
        return weights, _norm(weights)


# -- one pair ---------------------------------------------------------------------------------

def _unit(lat: float, lon: float) -> tuple[float, float, float]:
    phi, lam = math.radians(lat), math.radians(lon)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def _chord_km(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    dx, dy, dz = b[0] - a[0], b[1] - a[1], b[2] - a[2]
    return math.sqrt(dx * dx + dy * dy + dz * dz) * EARTH_RADIUS_KM


def _cents(raw: float) -> int:
    return math.floor(raw * 100.0 + 0.5)


@dataclass(frozen=True)
class Prepared:
    """A need's figures computed once: query weights, clamped gaps, unit vector."""

    need: Need
    query: dict[str, float]  # term -> weight, sorted by term
    qnorm: float
    gaps: tuple[tuple[str, float], ...]  # sorted by key, each in 0..1
    unit: tuple[float, float, float] | None


def prepare(need: Need, corpus: Corpus) -> Prepared:
    c = Counter(terms(need.text))
    query = {w: _tf(c[w]) * _idf(corpus.size, corpus.df.get(w, 0)) for w in sorted(c)}
    gaps = tuple((k, min(max(float(v), 0.0), 1.0)) for k, v in sorted(need.gaps.items())
                 if v == v)  # NaN left out
    unit = _unit(need.lat, need.lon) if need.lat is not None and need.lon is not None else None
    return Prepared(need, query, _norm(query), gaps, unit)


def evaluate(p: Prepared, s: ServiceFacts, doc: tuple[dict[str, float], float]
             ) -> Match | Excluded:
    """The per-pair function: the exclusions, else the parts, score and explanation."""
    found = _assess(p, s, doc)
    if isinstance(found, Excluded):
        return found
    factors, explanation = found
    parts = tuple((name, _cents(factors[name] * WEIGHTS[name]) / 100.0) for name in PARTS)
    score = 0.0
    for _, points in parts:
        score += points
    return Match(s.id, score, parts, explanation)


def pair_factors(p: Prepared, s: ServiceFacts, doc: tuple[dict[str, float], float]
                 ) -> dict[str, float] | Excluded:
    """Each part's factor (0..1) before weighting and rounding, or the exclusion."""
    found = _assess(p, s, doc)
    return found if isinstance(found, Excluded) else found[0]


def _assess(p, s, doc):
    need = p.need
    home = need.country is not None and (need.country == s.country
                                         or need.country in s.countries_served)
    abroad = need.country is not None and not home
    common = need.languages & s.languages
    remote = "remote" in s.delivery
    km = None
    if p.unit is not None and s.lat is not None and s.lon is not None:
        km = _chord_km(p.unit, _unit(s.lat, s.lon))
    checks = (
        bool(need.categories) and s.category not in need.categories,
        need.target is not None and bool(s.targets) and need.target not in s.targets,
        need.size is not None and bool(s.sizes) and need.size not in s.sizes,
        abroad and not s.cross_border,
        bool(need.languages) and bool(s.languages) and not common,
        need.budget is not None and s.price_min is not None and s.price_min > need.budget,
        s.capacity_left is not None and s.capacity_left <= 0,
        km is not None and not remote and km > need.max_km,
    )
    if any(checks):
        return Excluded(s.id, tuple(r for r, hit in zip(REASONS, checks, strict=True) if hit))

    techs = need.technologies & s.technologies
    sectors = need.sectors & s.sectors
    weights, dnorm = doc
    dot, matched = 0.0, []
    for w, q in p.query.items():
        d = weights.get(w)
        if d is not None:
            dot += q * d
            matched.append(w)
    gap = 0.0
    for key, g in p.gaps:
        if key in s.dimensions:
            gap += g
    price = 0.0
    if need.budget is not None:
        price = PRICE_FACTOR.get(s.price_model, PRICE_FACTOR["paid"])
        if s.price_max is not None and s.price_max > need.budget:
            price = price * OVER_BUDGET_FACTOR
    proximity = 0.0
    if p.unit is not None:
        if remote:
            proximity = 1.0
        elif km is not None:
            proximity = 1.0 - km / need.max_km
    factors = {
        "technology": len(techs) / len(need.technologies) if need.technologies else 0.0,
        "sector": len(sectors) / len(need.sectors) if need.sectors else 0.0,
        "text": dot / (p.qnorm * dnorm) if dot > 0 else 0.0,
        "dma_gap": min(gap, GAP_CAP) / GAP_CAP,
        "proximity": proximity,
        "language": 1.0 if need.languages and common else 0.0,
        "home_country": 1.0 if home else 0.0,
        "price": price,
    }
    gap_of = dict(p.gaps)
    explanation = {
        "technologies": sorted(techs),
        "sectors": sorted(sectors),
        "words": matched,
        "distance_km": None if km is None else round(km, 1),
        "remote": remote,
        "cross_border": abroad,
        "language": min(common) if common else None,
        "price": {"model": s.price_model, "min": s.price_min, "max": s.price_max,
                  "within_budget": _within_budget(need.budget, s)},
        "capacity_left": s.capacity_left,
        "dimensions": {k: gap_of.get(k) for k in sorted(s.dimensions)},
    }
    return factors, explanation


def _within_budget(budget: float | None, s: ServiceFacts) -> bool | None:
    """None: no budget given or price unknown; False: only the lower prices fit."""
    if budget is None:
        return None
    if s.price_max is not None:
        return s.price_max <= budget
    if s.price_min is not None:
        return s.price_min <= budget
    return True if s.price_model == "free" else None


def order_key(m: Match) -> tuple[int, int]:
    """Higher score (to the cent) first, then lower service id."""
    return -round(m.score * 100), m.service_id


def explain(need: Need, service: ServiceFacts, corpus: Corpus | None = None
            ) -> Match | Excluded:
    """One pair: its match, or why not. Pass the catalogue's corpus (ServiceTable.corpus) to
    get the text part the ranking gives; without it the service is its own corpus."""
    corpus = Corpus.build([service]) if corpus is None else corpus
    return evaluate(prepare(need, corpus), service, corpus.doc(service))


def rank_loop(need: Need, services: Sequence[ServiceFacts], limit: int = 10,
              corpus: Corpus | None = None) -> list[Match]:
    """The reference: every pair through evaluate(), sorted, the first `limit`."""
    corpus = Corpus.build(services) if corpus is None else corpus
    p = prepare(need, corpus)
    found = []
    for s in services:
        result = evaluate(p, s, corpus.doc(s))
        if isinstance(result, Match):
            found.append(result)
    found.sort(key=order_key)
    return found[:max(limit, 0)]


# -- the table --------------------------------------------------------------------------------

def _incidence(sets: Sequence[frozenset]) -> tuple[sparse.csr_matrix, dict]:
    """A 0/1 CSR matrix (rows: services, columns: the sorted values) and value -> column."""
    index = {v: i for i, v in enumerate(sorted(set().union(*sets)))}
    indptr = np.zeros(len(sets) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(s) for s in sets])
    indices = np.fromiter((index[v] for s in sets for v in sorted(s)), dtype=np.int32,
                          count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float64)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(sets), len(index))), index


def _kinds(sets: Sequence[frozenset]) -> tuple[list[frozenset], np.ndarray]:
    """The distinct sets, and each row's number in that list: a need is checked against
    each distinct set once, in Python, then every row looks its answer up."""
    number: dict[frozenset, int] = {}
    codes = np.array([number.setdefault(s, len(number)) for s in sets], dtype=np.int32)
    return list(number), codes


def _serving(sets: Sequence[frozenset]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """(empty: serves everyone) and value -> services listing it, for small vocabularies."""
    empty = np.array([not s for s in sets], dtype=bool)
    listed = {v: np.array([v in s for s in sets], dtype=bool)
              for v in sorted(set().union(*sets))}
    return empty, listed


def _nan(values: Iterable[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _column_sum(matrix: sparse.csc_matrix, weighted: Iterable[tuple[int, float]],
                n: int) -> np.ndarray:
    """Sum of weight x entry over the given columns, in their order (same as the loop)."""
    acc = np.zeros(n, dtype=np.float64)
    for j, weight in weighted:
        lo, hi = matrix.indptr[j], matrix.indptr[j + 1]
        acc[matrix.indices[lo:hi]] += weight * matrix.data[lo:hi]
    return acc


def _column_count(matrix: sparse.csc_matrix, values: Iterable, index: Mapping,
                  n: int) -> np.ndarray:
    """How many of the values each row has (as floats)."""
    acc = np.zeros(n, dtype=np.float64)
    for v in values:
        j = index.get(v)
        if j is not None:
            acc[matrix.indices[matrix.indptr[j]:matrix.indptr[j + 1]]] += 1.0
    return acc


class ServiceTable:
    """A catalogue's services as columns, built once; rank() scores all of them at once.

    Rows are the services in id order. Sets are CSR matrices (rows x sorted values), with a
    CSC copy where a need reads a few columns; sets with few distinct values (languages,
    DMA dimensions) are also numbered by kind. A need is first checked for exclusions on
    every row (cheap boolean arrays), then scored on the rows left."""

    @classmethod
    def build(cls, services: Iterable[ServiceFacts], corpus: Corpus | None = None
              ) -> "ServiceTable":
        t = cls()
        t.services = rows = sorted(services, key=lambda s: s.id)  # row order = id order
        t.n = n = len(rows)
        t.ids = np.array([s.id for s in rows], dtype=np.int64)
        if n > 1 and (np.diff(t.ids) == 0).any():
            raise ValueError("service ids must be unique")
        t.corpus = Corpus.build(rows) if corpus is None else corpus
        t.technologies, t.tech_index = _incidence([s.technologies for s in rows])
        t.sectors, t.sector_index = _incidence([s.sectors for s in rows])
        t.languages, t.language_index = _incidence([s.languages for s in rows])
        t.served, t.served_index = _incidence([s.countries_served for s in rows])
        t.dimensions, t.dimension_index = _incidence([s.dimensions for s in rows])
        t.tech_columns, t.sector_columns = t.technologies.tocsc(), t.sectors.tocsc()
        t.served_columns = t.served.tocsc()
        t.language_kinds, t.language_kind = _kinds([s.languages for s in rows])
        t.dimension_kinds, t.dimension_kind = _kinds([s.dimensions for s in rows])
        t.targets_all, t.targets = _serving([s.targets for s in rows])
        t.sizes_all, t.sizes = _serving([s.sizes for s in rows])
        t.remote = np.array(["remote" in s.delivery for s in rows], dtype=bool)
        t.categories = sorted({s.category for s in rows})
        number = {c: i for i, c in enumerate(t.categories)}
        t.category = np.array([number[s.category] for s in rows], dtype=np.int32)
        t.country_index = {c: i for i, c in enumerate(sorted({s.country for s in rows}))}
        t.country = np.array([t.country_index[s.country] for s in rows], dtype=np.int32)
        t.cross_border = np.array([s.cross_border for s in rows], dtype=bool)
        t.price_min = _nan(s.price_min for s in rows)
        t.price_max = _nan(s.price_max for s in rows)
        t.price_factor = np.array([PRICE_FACTOR.get(s.price_model, PRICE_FACTOR["paid"])
                                   for s in rows], dtype=np.float64)
        t.no_capacity = np.array([s.capacity_left is not None and s.capacity_left <= 0
                                  for s in rows], dtype=bool)
        t.has_place = np.array([s.lat is not None and s.lon is not None for s in rows],
                               dtype=bool)
        units = [_unit(s.lat, s.lon) if s.lat is not None and s.lon is not None
                 else (np.nan, np.nan, np.nan) for s in rows]  # math, as the loop
        t.units = np.array(units, dtype=np.float64).reshape(n, 3).T.copy()
        t._build_text()
        return t

    def _build_text(self):
        docs = [self.corpus.doc(s) for s in self.services]
        vocabulary = set(self.corpus.df).union(*(weights for weights, _ in docs))
        self.vocabulary = {w: j for j, w in enumerate(sorted(vocabulary))}
        rows, cols, data = [], [], []
        for i, (weights, _) in enumerate(docs):
            for w, v in weights.items():
                rows.append(i)
                cols.append(self.vocabulary[w])
                data.append(v)
        self.text = sparse.csc_matrix((np.array(data, dtype=np.float64), (rows, cols)),
                                      shape=(self.n, len(self.vocabulary)))
        self.text.sort_indices()
        self.text_norm = np.array([norm for _, norm in docs], dtype=np.float64)

    def __len__(self) -> int:
        return self.n

    def candidates(self, p: Prepared) -> tuple[np.ndarray, np.ndarray | None, np.ndarray]:
        """The rows that may serve the company (ascending), their straight-line km (None
        when the need has no place), and whether each is served without crossing a border."""
        need, n = p.need, self.n
        ok = ~self.no_capacity
        if need.categories:
            ok &= np.array([c in need.categories for c in self.categories] or [False])[
                self.category]
        for value, everyone, listed in ((need.target, self.targets_all, self.targets),
                                        (need.size, self.sizes_all, self.sizes)):
            if value is not None:
                ok &= (everyone | listed[value]) if value in listed else everyone
        home = np.zeros(n, dtype=bool)
        if need.country is not None:
            c = self.country_index.get(need.country)
            if c is not None:
                home |= self.country == c
            j = self.served_index.get(need.country)
            if j is not None:
                cols = self.served_columns
                home[cols.indices[cols.indptr[j]:cols.indptr[j + 1]]] = True
            ok &= home | self.cross_border
        if need.languages:
            fits = [not kind or bool(need.languages & kind) for kind in self.language_kinds]
            ok &= np.array(fits, dtype=bool)[self.language_kind]
        if need.budget is not None:
            ok &= ~(self.price_min > need.budget)  # NaN (no price) is not above
        rows = np.flatnonzero(ok)
        km = None
        if p.unit is not None:
            u = self.units[:, rows]
            dx, dy, dz = u[0] - p.unit[0], u[1] - p.unit[1], u[2] - p.unit[2]
            km = np.sqrt(dx * dx + dy * dy + dz * dz) * EARTH_RADIUS_KM
            keep = self.remote[rows] | ~(km > need.max_km)  # NaN (no place) is not farther
            rows, km = rows[keep], km[keep]
        return rows, km, home[rows]

    def factors(self, p: Prepared) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """(the candidate rows, part -> factor in 0..1 for each of them): the same floats
        as pair_factors(), operation for operation."""
        need, n = p.need, self.n
        rows, km, home = self.candidates(p)
        m = len(rows)
        out = dict.fromkeys(PARTS, np.zeros(m, dtype=np.float64))
        if need.technologies:
            count = _column_count(self.tech_columns, need.technologies, self.tech_index, n)
            out["technology"] = count[rows] / len(need.technologies)
        if need.sectors:
            count = _column_count(self.sector_columns, need.sectors, self.sector_index, n)
            out["sector"] = count[rows] / len(need.sectors)
        if p.query:
            dot = _column_sum(self.text, ((self.vocabulary[w], q) for w, q in p.query.items()
                                          if w in self.vocabulary), n)[rows]
            factor = np.zeros(m, dtype=np.float64)
            np.divide(dot, p.qnorm * self.text_norm[rows], out=factor, where=dot > 0)
            out["text"] = factor
        if p.gaps:
            sums = []
            for kind in self.dimension_kinds:
                total = 0.0
                for key, g in p.gaps:  # the loop's order
                    if key in kind:
                        total += g
                sums.append(total)
            gap = np.array(sums or [0.0], dtype=np.float64)[self.dimension_kind[rows]]
            out["dma_gap"] = np.minimum(gap, GAP_CAP) / GAP_CAP
        if km is not None:
            near = np.where(self.has_place[rows], 1.0 - km / need.max_km, 0.0)
            out["proximity"] = np.where(self.remote[rows], 1.0, near)
        if need.languages:
            shared = [1.0 if need.languages & kind else 0.0 for kind in self.language_kinds]
            out["language"] = np.array(shared or [0.0])[self.language_kind[rows]]
        if need.country is not None:
            out["home_country"] = np.where(home, 1.0, 0.0)
        if need.budget is not None:
            factor = self.price_factor[rows]
            out["price"] = np.where(self.price_max[rows] > need.budget,
                                    factor * OVER_BUDGET_FACTOR, factor)
        return rows, out

    def cents(self, p: Prepared) -> tuple[np.ndarray, np.ndarray]:
        """(the candidate rows, their scores in cents as int64)."""
        rows, factors = self.factors(p)
        total = np.zeros(len(rows), dtype=np.float64)
        for name, factor in factors.items():
            if factor.any():  # parts the need leaves out are all 0
                total += np.floor(factor * WEIGHTS[name] * 100.0 + 0.5)
        return rows, total.astype(np.int64)

    def rank(self, need: Need, limit: int = 10) -> list[Match]:
        """The same list as rank_loop(need, services, limit, table.corpus)."""
        p = prepare(need, self.corpus)
        rows, cents = self.cents(p)
        k = min(max(limit, 0), len(rows))
        if k == 0:
            return []
        key = (int(cents.max()) - cents) * self.n + rows  # score down, then id up
        top = np.argpartition(key, k - 1)[:k] if k < len(rows) else np.arange(k)
        top = top[np.argsort(key[top])]
        out = []
        for i in top:
            s = self.services[rows[i]]
            m = evaluate(p, s, self.corpus.doc(s))
            if not isinstance(m, Match) or round(m.score * 100) != cents[i]:
                raise AssertionError(f"service {s.id}: the arrays and the pair disagree")
            out.append(m)
        return out

    def explain(self, need: Need, service_id: int) -> Match | Excluded:
        i = int(np.searchsorted(self.ids, service_id))
        if i >= self.n or self.ids[i] != service_id:
            raise KeyError(service_id)
        return explain(need, self.services[i], self.corpus)
