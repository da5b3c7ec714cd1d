"""Devices of the second factor: enrolment, recovery codes, verification of a code, reset.

One TOTP device per person (an authenticator application), created unconfirmed when the enrolment
page is first shown and confirmed by a first code; one static device holding the recovery codes,
each usable once. django-otp throttles every device: each wrong code doubles the wait before the
next try (OTP_*_THROTTLE_FACTOR)."""

import re
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import django_otp
import segno
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

if TYPE_CHECKING:
    from django_otp.models import Device

    from ..models import User

RECOVERY_CODES = 10
TOTP_NAME = "Application d'authentification"
RECOVERY_NAME = "Codes de secours"
TOTP_CODE = re.compile(r"^\d{6}$")
QR_CODE_LABEL = "QR code à scanner avec votre application d’authentification"


class TooManyAttempts(Exception):
    """The device refuses codes until `until` (django-otp's throttling)."""

    def __init__(self, until: datetime) -> None:
        super().__init__(until)
        self.until = until

    @property
    def seconds(self) -> int:
        return max(1, int((self.until - timezone.now()).total_seconds()) + 1)


def authenticator(user: "User") -> TOTPDevice | None:
    """The person's confirmed TOTP device, if any."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_device(user: "User") -> StaticDevice | None:
    return StaticDevice.objects.devices_for_user(user, confirmed=True).first()


def is_enrolled(user: "User") -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def pending_authenticator(user: "User") -> TOTPDevice:
    """The unconfirmed device of an enrolment under way: the same secret on every reload of the page."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as authenticator applications take it typed by hand: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG (no script, no style attribute: the CSP allows it)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, border=4, dark="#000", light="#fff", svgclass="pa-qr-code", lineclass=None, title=QR_CODE_LABEL
    )
    return svg.replace("<svg ", f'<svg role="img" aria-label="{QR_CODE_LABEL}" ', 1)


def _locked(device: "Device") -> None:
    allowed, info = device.verify_is_allowed()
    if not allowed:
        raise TooManyAttempts(info["locked_until"])


@transaction.atomic
def confirm(device: TOTPDevice, code: str) -> bool:
    """Confirms an enrolment with the first code the application shows. True when it matched."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    _locked(device)
    if not device.verify_token(code):
        return False
    # Only one authenticator per person: a confirmed one replaces any other.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def new_recovery_codes(user: "User") -> list[str]:
    """Ten fresh recovery codes, replacing the previous ones (which stop working)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [readable(code) for code in codes]


def readable(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def verify(user: "User", code: str, recovery: bool = False) -> "Device | None":
    """The device that accepts `code` (the application's six digits, or a recovery code, which is
    then used up), or None. TooManyAttempts while the device makes the person wait."""
    code = re.sub(r"[\s-]", "", code).lower()
    device = recovery_device(user) if recovery else authenticator(user)
    if device is None:
        return None
    _locked(device)
    # django-otp locks the device row while it checks, so a code is never accepted twice.
    return django_otp.verify_token(user, device.persistent_id, code)


def remaining_recovery_codes(user: "User") -> int:
    return StaticToken.objects.filter(device__user=user).count()


@dataclass(frozen=True)
class Status:
    """What « Mon compte » shows of the second factor."""

    authenticator: TOTPDevice | None
    recovery_codes_left: int


def status(user: "User") -> Status:
    return Status(authenticator(user), remaining_recovery_codes(user))


@transaction.atomic
def reset(user: "User") -> None:
    """Removes every device: the person enrols again at their next request, signed-in sessions included."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
