"""One exception family for everything a user can get wrong or hit.

The CLI turns a `PapersError` into one plain line on stderr and exit code 1;
library code raises these instead of printing.
"""


class PapersError(Exception):
    """A problem the user can understand and usually fix."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def __str__(self) -> str:
        message = super().__str__()
        return f"{message} ({self.hint})" if self.hint else message


class HomeError(PapersError):
    """The home directory cannot be created or written."""


class DatabaseError(PapersError):
    """The database cannot be opened, is locked, or is newer than this program."""


class NotFoundError(PapersError):
    """A council, meeting, watch or similar named by the user does not exist."""


class UsageError(PapersError):
    """An option or argument that cannot be acted on."""


class DeliveryError(PapersError):
    """A watch's news could not be delivered (SMTP down, webhook error); retried next run."""


class NotSentError(DeliveryError):
    """A delivery that failed before anything was sent (no connection, login refused)."""
