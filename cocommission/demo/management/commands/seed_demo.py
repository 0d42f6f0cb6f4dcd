"""``manage.py seed_demo``: load the demo data (safe to run again) and print logins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from cocommission.demo.data import seed_demo


class Command(BaseCommand):
    help = "Load idempotent demo data and print one login per role."

    def handle(self, *args: Any, **options: Any) -> None:
        logins = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Demo logins:"))
        width = max(len(login.email) for login in logins)
        for login in logins:
            self.stdout.write(
                f"  {login.email:<{width}}  {login.role} – {login.organisation}"
            )
        self.stdout.write(
            f"  Password for all: {settings.COCOMMISSION_DEMO_PASSWORD} "
            "(or choose 'Send me a sign-in code'; codes are printed in this console)"
        )
