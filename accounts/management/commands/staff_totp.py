"""Enrol a staff member's TOTP authenticator app (the admin's second factor).

    manage.py staff_totp NAME                 new secret: prints the otpauth:// URI and the key
    manage.py staff_totp NAME --confirm CODE  the code the app now shows: the new app is in use
    manage.py staff_totp NAME --remove        lost phone: removes every app of NAME

Two steps, so a mistyped or unscanned secret never locks anyone out: until --confirm, the
person's current app (if any) keeps working, and confirming replaces it.
"""

from base64 import b32encode

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User

DEVICE_NAME = "인증 앱"


class Command(BaseCommand):
    help = "Enrol (or remove) a staff member's TOTP authenticator app for the admin."

    def add_arguments(self, parser):
        parser.add_argument("username")
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--confirm", metavar="CODE", help="the code the new app shows")
        action.add_argument("--remove", action="store_true", help="remove every app of NAME")

    def handle(self, *args, username: str, confirm: str | None, remove: bool, **options):
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f"No account named {username!r}.") from None
        if not user.is_staff:
            raise CommandError(f"{username!r} is not staff: only staff sign in to the admin.")
        if remove:
            count, _ = TOTPDevice.objects.filter(user=user).delete()
            self.stdout.write(f"Removed {count} authenticator app(s) of {username}.")
        elif confirm:
            self._confirm(user, confirm)
        else:
            self._start(user)

    def _start(self, user: User) -> None:
        # A fresh secret each time; an earlier unconfirmed one is dropped, not reused.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        key = b32encode(device.bin_key).decode()
        grouped = " ".join(key[i : i + 4] for i in range(0, len(key), 4))
        self.stdout.write(
            "Give this to the staff member in person or over a secure channel; it is the "
            "second factor itself.\n"
            "  otpauth URI (for password managers and apps that accept it):\n"
            f"    {device.config_url}\n"
            f"  or type this key into the authenticator app (time-based, 6 digits, 30 s):\n"
            f"    {grouped}\n"
            f"Then run: manage.py staff_totp {user.username} --confirm CODE"
        )

    @transaction.atomic
    def _confirm(self, user: User, code: str) -> None:
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None:
            raise CommandError(
                f"{user.username} has no app waiting: run `manage.py staff_totp "
                f"{user.username}` first."
            )
        if not device.verify_token(code.replace(" ", "")):
            raise CommandError("That code does not match the new app; try the next one it shows.")
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        self.stdout.write(f"{user.username} now signs in to the admin with this app.")
