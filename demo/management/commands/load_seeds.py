"""``python manage.py load_seeds``: the demo data of seeds/, loaded idempotently."""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from demo.seeding import DEFAULT_DEMO_PASSWORD, SEEDS_DIR, SeedError, load_seeds


class Command(BaseCommand):
    help = (
        "Load the demo organisers, events and staff logins from seeds/*.toml. "
        "Safe to run again: rows are matched by their natural keys and updated."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory", default=SEEDS_DIR, help="Folder of seed files (default: seeds/)."
        )
        parser.add_argument(
            "--superuser",
            action="store_true",
            help='Also create a superuser "admin" with the demo password, if missing.',
        )

    def handle(self, *args, directory, superuser, **options):
        from_env = os.environ.get("DEMO_PASSWORD")
        password = from_env or DEFAULT_DEMO_PASSWORD
        try:
            result = load_seeds(password=password, directory=directory)
        except SeedError as error:
            raise CommandError(str(error)) from error
        if superuser:
            self._create_superuser(password)

        self.stdout.write(self.style.SUCCESS(f"Loaded {len(result.events)} events:"))
        for slug in result.events:
            self.stdout.write(f"  {slug}")
        self.stdout.write(f"\nAdmin: {settings.SITE_URL}{reverse('admin:index')}")
        self.stdout.write("Demo logins (the password is set only when a user is created):")
        for login in result.logins:
            self.stdout.write(f"  {login.username:<22} {login.role:<6} {login.organiser}")
        if superuser:
            self.stdout.write(f"  {'admin':<22} superuser")
        shown = "the value of DEMO_PASSWORD" if from_env else password
        self.stdout.write(f"Password of new demo users: {shown}")

    def _create_superuser(self, password):
        user_model = get_user_model()
        if not user_model.objects.filter(username="admin").exists():
            user_model.objects.create_superuser("admin", "admin@example.se", password)
