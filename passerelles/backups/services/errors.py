class BackupError(Exception):
    """A backup or a restore that cannot be done; the message, in French, says why and what to do."""
