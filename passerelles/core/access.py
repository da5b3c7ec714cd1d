"""The seam through which the layers below accounts ask the one permission check.

`accounts.permissions.can()` knows people and their memberships, so it sits above the directory
(centres) and this infrastructure. Their admin pages still ask it, through this function, which
accounts plugs in at start-up (AccountsConfig.ready); `action` is an `accounts.permissions.Action`
value. Until something is plugged in, nothing is allowed.
"""

_check = None


def answer_with(check):
    """Called once by accounts: `check(user, action, obj)` answers every later `can()`."""
    global _check
    _check = check


def can(user, action, obj=None):
    return _check is not None and _check(user, action, obj)
