"""Delivering a watch's news as a JSON POST to a webhook URL."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from indexer import __version__
from indexer.errors import DeliveryError, NotSentError, UsageError
from indexer.watch.report import WatchReport, report_json

TIMEOUT_SECONDS = 30


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirected POST would be retried as a GET and look delivered: treat it as a failure.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class WebhookSender:
    """POSTs one JSON document per notice; any 2xx answer is success.

    The document's `id` and the `Idempotency-Key` header are the notice's id:
    a notice sent again (after a killed run or a failed answer) has the same.
    """

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UsageError(f"{url!r} is not an http(s) URL for --webhook")
        self.url = url
        self.channel = f"webhook:{url}"
        self._opener = urllib.request.build_opener(_NoRedirects)

    def send(self, report: WatchReport) -> None:
        body = json.dumps(report_json(report), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": f"council-papers/{__version__} (papers watch run)",
                # The notice's id, the same on a repeat: a receiver keeps the ids it has had.
                "Idempotency-Key": report.id,
            },
        )
        try:
            with self._opener.open(request, timeout=TIMEOUT_SECONDS) as response:
                response.read(65536)  # the answer is not used: do not take much of it
        except urllib.error.HTTPError as exc:
            raise DeliveryError(f"webhook {self.url} answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            message = f"webhook {self.url} could not be reached: {reason}"
            # Refused or no such host: nothing went out. A timeout may have been taken.
            if isinstance(reason, ConnectionRefusedError | socket.gaierror):
                raise NotSentError(message) from exc
            raise DeliveryError(message) from exc
