"""The second factor in tests, in one place: the codes an authenticator application would show, a
test client whose `force_login` passes the second factor as a sign-in through the pages does, and
(testing/browser.py) typing codes in Chromium."""

import time
from base64 import b32decode
from dataclasses import dataclass

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from passerelles.accounts.enums import Role
from passerelles.accounts.second_factor import services


def needs_second_factor(user):
    """As permissions.needs_second_factor, read afresh (a test may have added roles since)."""
    return user.is_superuser or user.is_national_animator or user.memberships.filter(role=Role.CENTRE_ADMIN).exists()


@dataclass
class Authenticator:
    """An authenticator application holding `key`. django-otp accepts a code of the time step before,
    at or after the current one (shifted by the drift it learnt from the last accepted code), and
    only above the last accepted step: `code()` gives the next code the site will accept, at once,
    however many sign-ins follow each other within one step."""

    key: bytes
    last_t: int = -1
    drift: int = 0

    @classmethod
    def from_secret(cls, secret):
        """From the key shown on the enrolment page (base32, in groups)."""
        return cls(b32decode(secret.replace(" ", "").upper()))

    @classmethod
    def of(cls, device):
        """Mirrors a device of this database as it is stored now."""
        device.refresh_from_db()
        return cls(device.bin_key, device.last_t, device.drift)

    def code(self):
        now = int(time.time()) // 30
        step = max(now + self.drift, self.last_t + 1)
        self.last_t, self.drift = step, step - now
        return f"{hotp(self.key, step):06d}"


def enrolled_device(user):
    """The person's confirmed authenticator, created when they have none."""
    return services.authenticator(user) or TOTPDevice.objects.create(user=user, name=services.TOTP_NAME, confirmed=True)


class SecondFactorClient(Client):
    """`force_login` of a person whose role needs the second factor also gives them an authenticator
    and records it in the session as verified, under the key django_otp.login writes."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if needs_second_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = enrolled_device(user).persistent_id
            session.save()
