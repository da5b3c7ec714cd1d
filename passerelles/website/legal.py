"""What the legal pages, the contact page and security.txt say about whoever runs this site, from
the deployment's settings (PASSERELLES[...], documented in docs/deployment.md)."""

from types import SimpleNamespace

from django.conf import settings


def operator() -> SimpleNamespace:
    config = settings.PASSERELLES
    return SimpleNamespace(
        name=config["OPERATOR_NAME"],
        address=config["OPERATOR_ADDRESS"],
        publication_director=config["PUBLICATION_DIRECTOR"],
        hosting_provider=config["HOSTING_PROVIDER"],
        contact_email=config["CONTACT_EMAIL"],
        dpo_email=config["DPO_EMAIL"],
    )


def retention() -> SimpleNamespace:
    """How long each kind of personal data is kept, in the units the personal-data page speaks."""
    config = settings.PASSERELLES
    return SimpleNamespace(
        registration_months=config["REGISTRATION_RETENTION_MONTHS"],
        pending_hours=config["PENDING_REGISTRATION_HOURS"],
        sign_in_log_months=config["SIGN_IN_LOG_RETENTION_MONTHS"],
        session_lifetime=lifetime(settings.SESSION_COOKIE_AGE),
        reset_link_lifetime=lifetime(settings.PASSWORD_RESET_TIMEOUT),
        staff_session_lifetime=lifetime(config["STAFF_SESSION_HOURS"] * 3600),
        staff_session_idle=lifetime(config["STAFF_SESSION_IDLE_MINUTES"] * 60),
    )


def lifetime(seconds: float) -> str:
    """« 14 jours », « 12 heures », « 30 minutes »: the largest unit that counts it whole."""
    minutes = max(1, round(seconds / 60))
    if minutes % 60:
        return f"{minutes} minute{'s' if minutes > 1 else ''}"
    hours = minutes // 60
    if hours % 24 == 0:
        days = hours // 24
        return f"{days} jour{'s' if days > 1 else ''}"
    return f"{hours} heure{'s' if hours > 1 else ''}"


def security_contact() -> str:
    """security.txt's Contact: a URI (mailto:, https:); a bare address becomes a mailto: one."""
    contact = settings.PASSERELLES["SECURITY_CONTACT"] or settings.PASSERELLES["CONTACT_EMAIL"]
    return contact if ":" in contact else f"mailto:{contact}"
