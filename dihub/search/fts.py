"""Full text, one small interface and one implementation per database.

`backend()` gives the engine of the default connection:
- `create(cursor)`: make the index (called by the migration);
- `write(cursor, docs)`: docs are (hub_id, names, terms, body, stems), folded text, stems
  {language: [stem]} of the text in each language but English (languages.py); replaces them;
- `delete(cursor, ids)`;
- `matching(words, lang) -> [id]`: the hubs matching all words (the last one also as a
  prefix, for typing). A word matches the English stemming of the text, and, for a reader
  of another language, the stems of that language's text;
- `ordered(words, lang) -> [id]`: all of them, best first (ties by id); the engine keeps
  it per index generation and reads every page of every filter from it.
"""

from django.db import connection, transaction

from .languages import STEMMED, stems

ENGLISH_COLUMNS = "{names terms body}"


def _fts5_query(words, lang=None):
    def word(w, last=False):
        english = f'("{w}" OR "{w}"*)' if last else f'"{w}"'
        stem = "".join(stems(w, lang)[:1])
        if not stem:  # English only, or no word to stem
            return f"{ENGLISH_COLUMNS} : {english}"
        return (f"({ENGLISH_COLUMNS} : {english} OR "
                f'{{stems_{lang}}} : "{stem}"{"*" if last else ""})')

    return " AND ".join([word(w) for w in words[:-1]] + [word(words[-1], last=True)])


STEM_COLUMNS = [f"stems_{lang}" for lang in STEMMED]


class SQLiteFTS:
    """FTS5 with a Porter stemmer over unicode61 without diacritics, and a column of stems per
    other language; BM25 ranking, names and titles weigh ten times the body, terms four
    times, a language's stems as much as the body."""

    table = "search_fts"
    weights = (10.0, 4.0, 1.0, *(1.0 for _ in STEM_COLUMNS))

    def create(self, cursor):
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
            f"names, terms, body, {', '.join(STEM_COLUMNS)}, "
            "tokenize='porter unicode61 remove_diacritics 2')")

    def drop(self, cursor):
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def delete(self, cursor, ids):
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            cursor.execute(f"DELETE FROM {self.table} WHERE rowid IN "
                           f"({','.join(['%s'] * len(chunk))})", chunk)

    def clear(self, cursor):
        cursor.execute(f"DELETE FROM {self.table}")

    def write(self, cursor, docs):
        docs = list(docs)
        self.delete(cursor, [d[0] for d in docs])
        columns = ", ".join(["rowid", "names", "terms", "body", *STEM_COLUMNS])
        cursor.executemany(
            f"INSERT INTO {self.table} ({columns}) VALUES "
            f"({', '.join(['%s'] * (4 + len(STEM_COLUMNS)))})",
            [(*d[:4], *(" ".join(d[4].get(lang, ())) for lang in STEMMED)) for d in docs])

    def matching(self, words, lang=None) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s",
                           [_fts5_query(words, lang)])
            return [r[0] for r in cursor.fetchall()]

    def ordered(self, words, lang=None) -> list[int]:
        w = ", ".join(str(x) for x in self.weights)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s "
                           f"ORDER BY bm25({self.table}, {w}), rowid", [_fts5_query(words, lang)])
            return [r[0] for r in cursor.fetchall()]


class PostgresFTS:
    """A tsvector per hub (English stemming over text folded in Python, so no extension is
    needed): names and titles weight A, terms B, the rest C, and the stems of the other
    languages as lexemes of their own ('de.kunstlich'), weight D; GIN index; ts_rank_cd."""

    table = "search_document"

    def create(self, cursor):
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {self.table} ("
            "hub_id integer PRIMARY KEY, document tsvector NOT NULL)")
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {self.table}_gin "
                       f"ON {self.table} USING GIN (document)")

    def drop(self, cursor):
        cursor.execute(f"DROP TABLE IF EXISTS {self.table}")

    def delete(self, cursor, ids):
        cursor.execute(f"DELETE FROM {self.table} WHERE hub_id = ANY(%s)", [list(ids)])

    def clear(self, cursor):
        cursor.execute(f"TRUNCATE {self.table}")

    def write(self, cursor, docs):
        docs = list(docs)
        self.delete(cursor, [d[0] for d in docs])
        cursor.executemany(
            f"INSERT INTO {self.table} (hub_id, document) VALUES (%s, "
            "setweight(to_tsvector('english', %s), 'A') || "
            "setweight(to_tsvector('english', %s), 'B') || "
            "setweight(to_tsvector('english', %s), 'C') || "
            "setweight(%s::tsvector, 'D'))",
            [(*d[:4], self._lexemes(d[4])) for d in docs])

    @staticmethod
    def _lexemes(stems_by_language):
        """A tsvector literal of the stems, each at its position (at most 16,383)."""
        out = []
        for lang, found in stems_by_language.items():
            out += [f"'{lang}.{stem}':{min(i, 16383)}" for i, stem in enumerate(found, 1)]
        return " ".join(out)

    @staticmethod
    def _query(words, lang=None):
        """(SQL of a tsquery, its parameters)."""
        *head, last = words
        if lang not in STEMMED:
            return "to_tsquery('english', %s)", [" & ".join([*head, f"({last} | {last}:*)"])]
        parts, params = [], []
        for i, w in enumerate(words):
            tail = ":*" if i == len(words) - 1 else ""
            english = f"({w} | {w}:*)" if tail else w
            stem = "".join(stems(w, lang)[:1])
            if stem:
                parts.append("(to_tsquery('english', %s) || %s::tsquery)")
                params += [english, f"'{lang}.{stem}'{tail}"]
            else:
                parts.append("to_tsquery('english', %s)")
                params.append(english)
        return " && ".join(parts), params

    def matching(self, words, lang=None) -> list[int]:
        query, params = self._query(words, lang)
        with transaction.atomic(), connection.cursor() as cursor:
            # the planner prices a scan of the documents below the GIN index for common
            # words, not knowing each document must be read from TOAST: 360 ms instead of
            # 10 ms at 100,000 hubs
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"SELECT hub_id FROM {self.table} WHERE document @@ ({query})",
                           params)
            return [r[0] for r in cursor.fetchall()]

    def ordered(self, words, lang=None) -> list[int]:
        query, params = self._query(words, lang)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # as in matching()
            cursor.execute(
                f"SELECT hub_id FROM {self.table}, (SELECT {query} AS query) q "
                "WHERE document @@ q.query ORDER BY "
                "ts_rank_cd('{0.05, 0.1, 0.3, 1.0}', document, q.query) DESC, hub_id", params)
            return [r[0] for r in cursor.fetchall()]


def backend(conn=None):
    conn = conn or connection
    return PostgresFTS() if conn.vendor == "postgresql" else SQLiteFTS()
