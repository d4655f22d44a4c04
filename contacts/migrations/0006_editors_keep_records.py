"""Editors no longer delete calls, reports, articles or source documents (issue 10).

Groups created by 0003 held those delete permissions; this takes them away. Superusers keep
deleting, and the history of what they delete stays.
"""

from django.db import migrations

from contacts.permissions import revoke_kept_deletes


def revoke(apps, schema_editor):
    revoke_kept_deletes(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("contacts", "0005_more_countries_2")]
    operations = [migrations.RunPython(revoke, migrations.RunPython.noop)]
