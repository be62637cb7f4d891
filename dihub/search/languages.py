"""Words of the search in each language of the interface: which language a text is in, and
its stems by the Snowball stemmer of that language. No Django here.

English text is matched by the database's own English stemming; the other languages get
stems made here, the same way for a document and for a query, on SQLite and PostgreSQL.
"""

import re
from functools import cache

import snowballstemmer

from dihub.regions.gazetteer import fold

STEMMED = {"de": "german", "fr": "french", "es": "spanish", "it": "italian", "pl": "polish"}
# short words that say which language a text is in; a text is in the language with most
_MARKERS = {
    "en": "the and of for to in with is are on by from this that our",
    "de": "der die das und ist sind mit für von zu den dem des ein eine im auf wir unsere",
    "fr": "le la les et des du est sont pour dans avec une un au aux nous notre sur",
    "es": "el la los las y del es son para en con una un al nuestra nuestro por",
    "it": "il lo la gli le e del della di sono per con una un nel nella che al",
    "pl": "i w z na do się jest są dla oraz od przez nasz nasze to że",
}
_MARKER_SETS = {lang: set(words.split()) for lang, words in _MARKERS.items()}
# a country's usual language, when a text is too short to tell
COUNTRY_LANGUAGE = {"DE": "de", "AT": "de", "LI": "de", "FR": "fr", "LU": "fr", "ES": "es",
                    "IT": "it", "SM": "it", "PL": "pl", "IE": "en", "MT": "en", "GB": "en"}
_WORD = re.compile(r"\w+")
LONGEST_WORD = 100  # longer ones are not words; PostgreSQL refuses lexemes over 2,047 bytes


def detect(text: str, country: str = "") -> str:
    """The language of text ("en", "de", ...), or the country's language when the text has
    too few short words to tell; "" when neither says."""
    counts = dict.fromkeys(_MARKER_SETS, 0)
    for word in _WORD.findall((text or "").lower()):
        for lang, markers in _MARKER_SETS.items():
            if word in markers:
                counts[lang] += 1
    best = max(counts, key=counts.get)
    if counts[best] >= 2 and list(counts.values()).count(counts[best]) == 1:
        return best
    return COUNTRY_LANGUAGE.get((country or "").upper(), "")


@cache
def _stemmer(lang):
    return snowballstemmer.stemmer(STEMMED[lang])


def stems(text: str, lang: str) -> list[str]:
    """The stems of the words of text in lang (folded, as queries are), words longer than
    LONGEST_WORD left out; [] for a language without a stemmer here (English has the
    database's)."""
    if lang not in STEMMED:
        return []
    return _stemmer(lang).stemWords([w for w in fold(text).split() if len(w) <= LONGEST_WORD])
