"""The centre's log of what was done to its contacts as a whole: imports, merges, exports, erasures,
purges. An entry names who (their address is copied, so it stays when their account goes), when,
what and how many, never the people concerned beyond what the action needs."""

from typing import Any

from passerelles.centres.models import Centre

from ..models import AuditEntry


def record(centre: Centre, actor: Any, action: str, count: int, detail: str = "") -> AuditEntry:
    person = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        centre=centre,
        actor=person,
        actor_label=person.email if person else "",
        action=action,
        count=count,
        detail=detail[:2000],
    )
