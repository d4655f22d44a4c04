"""Creates the local admin account once; prints the password when it had to make one up."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a superuser (ADMIN_USERNAME / ADMIN_PASSWORD from the environment) if absent."

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("ADMIN_USERNAME", "admin")
        password = os.environ.get("ADMIN_PASSWORD")
        user = User.objects.filter(username=username).first()
        if user and not password:
            self.stdout.write(f"Admin account '{username}' exists; set ADMIN_PASSWORD to reset it.")
            return
        generated = not password
        password = password or secrets.token_urlsafe(12)
        if user is None:
            user = User(username=username, email="", is_staff=True, is_superuser=True)
        user.set_password(password)
        user.save()
        shown = password if generated else "(from ADMIN_PASSWORD)"
        port = os.environ.get("PORT", "8000")
        self.stdout.write(f"Admin account: {username} / {shown}  → http://127.0.0.1:{port}/admin/")
