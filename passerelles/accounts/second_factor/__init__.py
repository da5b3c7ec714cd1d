"""The second factor of staff accounts (django-otp): a TOTP application and single-use recovery
codes, required of national animators, superusers and centre admins (permissions.needs_second_factor)."""
