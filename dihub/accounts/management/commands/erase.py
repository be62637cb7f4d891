from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand, CommandError

from dihub.accounts.erasure import erase_account, erase_contact


class Command(BaseCommand):
    help = ("Erase a person's data on their request: the account with this address (if any) "
            "and the address as a contact person, in fact-sheets, drafts and history. The "
            "erasure is logged without the address.")

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, email, yes=False, **options):
        email = email.strip().lower()
        if "@" not in email:
            raise CommandError(f"not an e-mail address: {email!r}")
        if not yes:
            raise CommandError("erasure cannot be undone: run it again with --yes")
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        if address:
            done = erase_account(address.user)
        else:
            done = erase_contact(email, None)
        counts = ", ".join(f"{n} {kind}" for kind, n in done.counts.items() if n)
        self.stdout.write(f"erased: {counts or 'nothing was held'}")
