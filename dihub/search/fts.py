"""Full text, one small interface and one implementation per database.

`backend()` gives the engine of the default connection:
- `create(cursor)`: make the index (called by the migration);
- `write(cursor, docs)`: docs are (hub_id, names, terms, body), folded text; replaces them;
- `delete(cursor, ids)`;
- `match(words) -> (sql, params)`: a subquery of the ids of the hubs matching all words
  (the last one also as a prefix, for typing);
- `ranked(words, ids_sql, ids_params, limit, offset) -> [id]`: best first among ids_sql.
"""

from django.db import connection


def _fts5_query(words):
    parts = [f'"{w}"' for w in words[:-1]]
    last = words[-1]
    parts.append(f'("{last}" OR "{last}"*)')
    return " AND ".join(parts)


class SQLiteFTS:
    """FTS5 with a Porter stemmer over unicode61 without diacritics; BM25 ranking,
    names and titles weigh ten times the body, terms four times."""

    table = "search_fts"
    weights = (10.0, 4.0, 1.0)

    def create(self, cursor):
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
            "names, terms, body, tokenize='porter unicode61 remove_diacritics 2')")

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
        cursor.executemany(
            f"INSERT INTO {self.table} (rowid, names, terms, body) VALUES (%s, %s, %s, %s)",
            docs)

    def match(self, words):
        return f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s", [_fts5_query(words)]

    def ranked(self, words, ids_sql, ids_params, limit, offset):
        w = ", ".join(str(x) for x in self.weights)
        sql = (f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s "
               # +rowid: a rowid constraint handed to FTS5 runs one MATCH per id (30 s
               # instead of 0.1 s at 100,000 hubs); filtered after the MATCH instead
               f"AND +rowid IN ({ids_sql}) ORDER BY bm25({self.table}, {w}), rowid "
               "LIMIT %s OFFSET %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [_fts5_query(words), *ids_params, limit, offset])
            return [r[0] for r in cursor.fetchall()]


class PostgresFTS:
    """A tsvector per hub (English stemming over text folded in Python, so no extension is
    needed): names and titles weight A, terms B, the rest C; GIN index; ts_rank_cd."""

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
            "setweight(to_tsvector('english', %s), 'C'))", docs)

    @staticmethod
    def _query(words):
        *head, last = words
        return " & ".join([*head, f"({last} | {last}:*)"])

    def match(self, words):
        return (f"SELECT hub_id FROM {self.table} "
                "WHERE document @@ to_tsquery('english', %s)", [self._query(words)])

    def ranked(self, words, ids_sql, ids_params, limit, offset):
        sql = (f"SELECT hub_id FROM {self.table}, to_tsquery('english', %s) query "
               f"WHERE document @@ query AND hub_id IN ({ids_sql}) "
               "ORDER BY ts_rank_cd('{0.05, 0.1, 0.3, 1.0}', document, query) DESC, hub_id "
               "LIMIT %s OFFSET %s")
        with connection.cursor() as cursor:
            cursor.execute(sql, [self._query(words), *ids_params, limit, offset])
            return [r[0] for r in cursor.fetchall()]


def backend(conn=None):
    conn = conn or connection
    return PostgresFTS() if conn.vendor == "postgresql" else SQLiteFTS()
