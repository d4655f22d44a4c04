"""Loads the reference data (officials, positions, aliases, outlets, topics) from contacts/reference_data/."""

from django.db import migrations

from contacts.reference import load_reference_data


def load(apps, schema_editor):
    # The loader reads the data files as they are today but writes only fields that exist at
    # 0001_initial, so it runs against this migration's historical models.
    load_reference_data(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop, elidable=False)]
