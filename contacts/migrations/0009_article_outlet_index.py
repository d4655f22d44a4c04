"""An index that answers "which outlet published article N" without reading the article's
row: the facets' outlet counts look up thousands of reports' articles, whose rows hold their
whole text."""

from django.db import migrations

INDEX = {
    "postgresql": "CREATE INDEX article_outlet_by_id ON contacts_article (id) INCLUDE (outlet_id)",
    "sqlite": "CREATE INDEX article_outlet_by_id ON contacts_article (id, outlet_id)",
}


def add_index(apps, schema_editor):
    sql = INDEX.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor in INDEX:
        schema_editor.execute("DROP INDEX article_outlet_by_id")


class Migration(migrations.Migration):
    dependencies = [("contacts", "0008_participant_arrays")]

    operations = [migrations.RunPython(add_index, drop_index)]
