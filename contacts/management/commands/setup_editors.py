"""Creates or completes the Editors group; optionally makes users staff editors."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from contacts.permissions import EDITORS, setup_editors


class Command(BaseCommand):
    help = (
        "Give the Editors group every contacts and ingest permission (users and groups excluded)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "usernames", nargs="*", help="Users to add to Editors (and mark as staff)."
        )

    def handle(self, *args, usernames, **options):
        added = setup_editors()
        self.stdout.write(f"Editors group ready; {added} permission(s) added.")
        if not usernames:
            return
        users = get_user_model().objects.filter(username__in=usernames)
        missing = sorted(set(usernames) - {u.username for u in users})
        if missing:
            raise CommandError(f"No such user: {', '.join(missing)}")
        group = Group.objects.get(name=EDITORS)
        for user in users:
            user.groups.add(group)
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            self.stdout.write(f"{user.username} is an editor.")
