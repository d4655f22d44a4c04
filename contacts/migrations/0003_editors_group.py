"""Creates the Editors group with rights on the records and read-only history, none on users.

Apps migrated after this one (the ingest) get their rights from `manage.py setup_editors`
or a post_migrate hook; running this again adds only what is missing.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

from contacts.permissions import EDITOR_APPS, grant_editor_permissions


def create_editors(apps, schema_editor):
    # Permissions are normally created after all migrations; create the ones that exist now.
    for label in EDITOR_APPS:
        try:
            app_config = global_apps.get_app_config(label)
        except LookupError:
            continue
        create_permissions(app_config, verbosity=0, using=schema_editor.connection.alias, apps=apps)
    grant_editor_permissions(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_editors, migrations.RunPython.noop)]
