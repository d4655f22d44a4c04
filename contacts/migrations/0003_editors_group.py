"""Creates the Editors group. Filled in by the admin work."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("contacts", "0002_reference_data")]
    operations = []
