"""Indexes for a million calls: the timeline's default order, and on PostgreSQL stored
search documents with GIN indexes for full-text search (SQLite keeps its LIKE search)."""

from django.db import migrations

# The same expressions as SearchVector("title", "body") and SearchVector("evidence_text") with
# config="english", stored so a search reads a GIN index instead of parsing every text.
SEARCH_DOCUMENTS = [
    (
        "contacts_article",
        "to_tsvector('english'::regconfig, "
        "COALESCE(title, '') || ' ' || COALESCE(body, ''))",
    ),
    ("contacts_report", "to_tsvector('english'::regconfig, COALESCE(evidence_text, ''))"),
]


# The timeline's default order (newest first, undated last), read straight from an index.
# SQLite has no NULLS LAST in an index, but its NULLs sort first, so DESC puts them last anyway.
NEWEST_INDEX = {
    "postgresql": 'CREATE INDEX call_newest ON contacts_call ("date" DESC NULLS LAST, "id" DESC)',
    "sqlite": 'CREATE INDEX call_newest ON contacts_call ("date" DESC, "id" DESC)',
}


def add_newest_index(apps, schema_editor):
    sql = NEWEST_INDEX.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop_newest_index(apps, schema_editor):
    if schema_editor.connection.vendor in NEWEST_INDEX:
        schema_editor.execute("DROP INDEX call_newest")


def add_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, expression in SEARCH_DOCUMENTS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({expression}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {table}_search_document ON {table} USING gin (search_document)"
        )
    # A summary is searched with icontains (UPPER(summary) LIKE ...): trigrams answer that
    # from an index. pg_trgm ships with PostgreSQL and is trusted: a database owner may add it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX call_summary_trigrams ON contacts_call "
        "USING gin ((UPPER(summary::text)) gin_trgm_ops)"
    )


def drop_search_documents(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX call_summary_trigrams")
    for table, _ in SEARCH_DOCUMENTS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_document")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0006_editors_keep_records")]

    operations = [
        migrations.RunPython(add_newest_index, drop_newest_index),
        migrations.RunPython(add_search_documents, drop_search_documents),
    ]
