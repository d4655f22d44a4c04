"""Loads the reference data again: creates what is missing, leaves existing rows as editors left them."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from contacts.reference import ReferenceDataError, load_reference_data


class Command(BaseCommand):
    help = (
        "Create the officials, positions, aliases, outlets and topics of contacts/reference_data/ "
        "that the database lacks. Existing rows are never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database", default=DEFAULT_DB_ALIAS, help="Database alias to load into."
        )
        parser.add_argument(
            "--data-dir", help="Read the data files from this folder instead of the bundled one."
        )

    def handle(self, *args, **options):
        try:
            load_reference_data(
                stdout=self.stdout, using=options["database"], data_dir=options["data_dir"]
            )
        except ReferenceDataError as exc:
            raise CommandError(str(exc)) from exc
