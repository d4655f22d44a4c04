"""`manage.py export_calls`: every call as JSON on stdout, in date order."""

import json

from django.core.management.base import BaseCommand
from django.db.models import F

from contacts.models import Call
from contacts.serializers import export_payload


class Command(BaseCommand):
    help = 'Print all calls as JSON ({"calls": [...]}) ordered by date (undated last), then id.'

    def handle(self, *args, **options):
        calls = Call.objects.with_related().order_by(F("date").asc(nulls_last=True), "pk")
        self.stdout.write(json.dumps(export_payload(calls), ensure_ascii=False, indent=1))
