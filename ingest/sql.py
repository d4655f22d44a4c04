"""The raw SQL the ingest runs for every document, with the parameters in the order it takes them.

Written out because building these with the ORM costs more than running them; each text is
built once per database vendor and shape, then cached.
"""

import functools

from django.db import connection

from contacts.models import Article, Call, CallParticipant, Report
from ingest.models import SourceDocument


def known_article_query(document_id, url, content_hash, outlet_id):
    """(sql, params) for the articles with this URL or, without a URL, this text and outlet.

    Each row comes with `other_documents`: how many source documents other than
    `document_id` it has.
    """
    sql = _known_article_sql(connection.vendor, bool(url), outlet_id is not None)
    params = [document_id] + ([url] if url else [])
    params += [content_hash] + ([outlet_id] if outlet_id is not None else [])
    return sql, params


@functools.cache
def _known_article_sql(vendor, by_url, with_outlet):
    def col(name):
        return _col(Article, name)

    same_text = (
        f"({col('url')} = '' AND {col('content_hash')} = %s "
        f"AND {col('outlet')} {'= %s' if with_outlet else 'IS NULL'})"
    )
    where = f"{col('url')} = %s OR {same_text}" if by_url else same_text
    others = (
        f"SELECT COUNT(*) FROM {_table(SourceDocument)} d "
        f"WHERE d.{_col(SourceDocument, 'article')} = a.{col('id')} "
        f"AND d.{_pk(SourceDocument)} <> %s"
    )
    return (
        f"SELECT a.*, ({others}) AS other_documents FROM {_table(Article)} a "
        f"WHERE {where} ORDER BY a.{col('id')}"
    )


def candidates_query(ids, topic_ids):
    """(sql, params) for one row per participant of each call of exactly the officials `ids`.

    `ids` and `topic_ids` are sorted lists; see `ingest.calls` for the extra columns.
    """
    sql = _candidates_sql(connection.vendor, len(ids), len(topic_ids))
    return sql, [*topic_ids, ids[0], len(ids), *ids, len(ids)]


@functools.cache
def _candidates_sql(vendor, n_ids, n_topics):
    # The ORM spends ten times longer building this query than the database spends running
    # it, once for every contact of every document.
    qn, table, col = _quote, _table, _col

    def marks(n):
        return ", ".join(["%s"] * n)

    P, R, T = CallParticipant, Report, Call.topics.through
    call_id, part_call, part_official = col(Call, "id"), col(P, "call"), col(P, "official")
    columns = ", ".join(f"c.{qn(f.column)}" for f in Call._meta.concrete_fields)
    had = (
        f"(SELECT COUNT(*) FROM {table(T)} t WHERE t.{col(T, 'call')} = c.{call_id} "
        f"AND t.{col(T, 'topic')} IN ({marks(n_topics)}))"
        if n_topics
        else "0"
    )
    sql = f"""
        SELECT {columns},
            p.{col(P, "id")} AS participant_id,
            p.{part_official} AS participant_official,
            p.{col(P, "position")} AS participant_position,
            p.{col(P, "role")} AS participant_role,
            (SELECT COUNT(*) || ':' || COALESCE(MAX(r.{col(R, "id")}), 0) FROM {table(R)} r
                WHERE r.{col(R, "call")} = c.{call_id}) AS reports_seen,
            {had} AS topics_had
        FROM {table(Call)} c
        JOIN {table(P)} p ON p.{part_call} = c.{call_id}
        WHERE c.{call_id} IN (
            SELECT q.{part_call} FROM {table(P)} q
            WHERE q.{part_call} IN (
                SELECT s.{part_call} FROM {table(P)} s WHERE s.{part_official} = %s
            )
            GROUP BY q.{part_call}
            HAVING COUNT(*) = %s
                AND SUM(CASE WHEN q.{part_official} IN ({marks(n_ids)}) THEN 1 ELSE 0 END) = %s
        )
        ORDER BY c.{call_id}, p.{col(P, "id")}
    """
    return sql


def update_by_pk_sql(model, fields):
    """An UPDATE of `fields` (in that order, then the primary key) for `executemany()`.

    `bulk_update()` would build a CASE expression per field and row, slower than the separate
    updates this runs.
    """
    assignments = ", ".join(f"{_quote(field.column)} = %s" for field in fields)
    return f"UPDATE {_table(model)} SET {assignments} WHERE {_pk(model)} = %s"


def _quote(name):
    return connection.ops.quote_name(name)


def _table(model):
    return _quote(model._meta.db_table)


def _col(model, name):
    return _quote(model._meta.get_field(name).column)


def _pk(model):
    return _quote(model._meta.pk.column)
