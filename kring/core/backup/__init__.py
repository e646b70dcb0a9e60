"""Backup and restore of a whole community: `kring backup` and `kring restore` (docs/backup.md)."""

from kring.core.backup.dump import write_backup
from kring.core.backup.restore import RestoreError, restore_backup, verify_archive

__all__ = ["RestoreError", "restore_backup", "verify_archive", "write_backup"]
