"""Start a new organisation: the organisation and its first admin, who gets an invitation.

    manage.py create_organisation "Kinderopvang X" --admin-email a@b.nl \
        --admin-first-name Anna --admin-last-name de Boer
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from accounts.services import email_in_use, normalise_email
from organisatie.models import Organization, Role

from ...services.staff import invite_staff


class Command(BaseCommand):
    help = "Create an organisation and invite its first admin by e-mail."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "name", help="The organisation's name, e.g. 'Kinderopvang De Regenboog'."
        )
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-first-name", required=True)
        parser.add_argument("--admin-last-name", required=True)

    def handle(
        self,
        *args,
        name: str,
        admin_email: str,
        admin_first_name: str,
        admin_last_name: str,
        **options,
    ) -> None:
        name = " ".join(name.split())
        email = normalise_email(admin_email)
        first_name, last_name = admin_first_name.strip(), admin_last_name.strip()
        if not name:
            raise CommandError("Give the organisation a name.")
        if len(name) > Organization._meta.get_field("name").max_length:
            raise CommandError("The organisation's name is too long (200 characters at most).")
        if not first_name or not last_name:
            raise CommandError("Give the admin's first and last name.")
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not a valid e-mail address: {admin_email!r}.") from error
        if Organization.objects.filter(name__iexact=name).exists():
            raise CommandError(
                f"An organisation named {name!r} already exists; nothing was created."
            )
        if email_in_use(email):
            raise CommandError(
                f"There is already an account with the e-mail address {email}; nothing was created."
            )
        with transaction.atomic():
            organization = Organization.objects.create(name=name)
            admin = invite_staff(
                organization=organization,
                email=email,
                first_name=first_name,
                last_name=last_name,
                role=Role.ADMIN,
                locations=[],
                groups=[],
                by=None,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Created organisation {organization.name!r} (id {organization.pk})."
            )
        )
        self.stdout.write(
            f"Invited {admin.display_name} <{email}> as its admin: the invitation e-mail is on "
            "its way (in development it is printed to the console by the task worker)."
        )
