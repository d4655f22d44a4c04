from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "contacts"
    verbose_name = "Diplomatic contacts"

    def ready(self):
        from django.db.models.signals import post_migrate

        from contacts.permissions import setup_editors_after_migrate

        # No sender: the ingest app's permissions exist only once its own post_migrate has run,
        # so the Editors group is completed after every app's migrations.
        post_migrate.connect(setup_editors_after_migrate, dispatch_uid="contacts.setup_editors")
