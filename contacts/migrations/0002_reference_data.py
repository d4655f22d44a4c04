"""Loads the reference data (officials, positions, aliases, outlets, topics). Filled in by the reference-data work."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]
    operations = []
