"""The errors a user can act on, raised across the packages; the command line gives each an exit
code (ectui.cli.EXIT_CODES). The message of each says what was wrong and what to do.
(TargetsError, a bad targets.toml, lives with the model; the store's errors live in ectui.db.)"""


class InputError(ValueError):
    """A rejected value, year or user."""


class NotFound(LookupError):
    """An unknown region, indicator or plan."""


class WorkspaceError(Exception):
    """No such workspace folder, or it cannot be created."""


class SharingError(Exception):
    """`init --shared`: no such group, or not the folder's owner."""


class ImportFileError(Exception):
    """A CSV file that cannot be read as a whole (encoding, header)."""
