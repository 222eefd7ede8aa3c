"""Delivering a watch's news by e-mail over SMTP."""

from __future__ import annotations

import io
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate

from indexer.errors import DeliveryError, NotSentError, UsageError
from indexer.watch.report import WatchReport, write_text

TLS_MODES = ("none", "starttls", "ssl")


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "localhost"
    port: int | None = None  # 25, 587 with starttls, 465 with ssl
    user: str | None = None
    password: str | None = None
    tls: str = "none"
    sender: str | None = None  # From: address; papers@<this host> when not given
    timeout: float = 30.0

    def __post_init__(self) -> None:
        if self.tls not in TLS_MODES:
            raise UsageError(
                f"Unknown SMTP TLS mode {self.tls!r}", hint=f"use one of: {', '.join(TLS_MODES)}"
            )
        if self.user and not self.password:
            raise UsageError(
                "An SMTP user needs a password (--smtp-password or PAPERS_SMTP_PASSWORD)"
            )

    @property
    def effective_port(self) -> int:
        return self.port or {"none": 25, "starttls": 587, "ssl": 465}[self.tls]


class EmailSender:
    """Sends one message per notice (a watch's news) to one address.

    The Message-ID is made from the notice's id, so a message sent again
    (after a killed run or a failed answer) is the same message to a mail
    client or a deduplicating filter."""

    def __init__(self, settings: SmtpSettings, to: str) -> None:
        if "@" not in to or any(c.isspace() for c in to):
            raise UsageError(f"{to!r} is not an e-mail address")
        self.settings = settings
        self.to = to
        self.channel = f"email:{to}"

    def message(self, report: WatchReport) -> EmailMessage:
        body = io.StringIO()
        write_text([report], body, marks=False)
        message = EmailMessage()
        count = len(report.hits)
        message["Subject"] = f"papers: {count} new for your watch {report.name}"
        message["From"] = self.settings.sender or f"papers@{socket.getfqdn()}"
        message["To"] = self.to
        message["Date"] = formatdate(localtime=False)
        # The notice's id: sent again after a killed run, it is the same message.
        message["Message-ID"] = f"<{report.id}@council-papers>"
        message.set_content(
            body.getvalue()
            + f"You get this because of `papers watch add {report.name}`; "
            + f"stop it with `papers watch remove {report.name}`.\n"
        )
        return message

    def send(self, report: WatchReport) -> None:
        s = self.settings
        where = f"{s.host}:{s.effective_port}"
        try:
            smtp = self._connect()
        except (smtplib.SMTPException, OSError) as exc:
            raise NotSentError(f"e-mail to {self.to} via {where} failed: {exc}") from exc
        try:
            with smtp:
                smtp.send_message(self.message(report))
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"e-mail to {self.to} via {where} failed: {exc}") from exc

    def _connect(self) -> smtplib.SMTP:
        """A session ready to send: connected, TLS as asked, logged in."""
        s = self.settings
        if s.tls == "ssl":
            context = ssl.create_default_context()
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                s.host, s.effective_port, timeout=s.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(s.host, s.effective_port, timeout=s.timeout)
        try:
            if s.tls == "starttls":
                smtp.starttls(context=ssl.create_default_context())
            if s.user:
                smtp.login(s.user, s.password or "")
        except BaseException:
            smtp.close()
            raise
        return smtp
