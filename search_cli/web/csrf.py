"""CSRF protection for the forms that change something (watches).

Double submit: each browser gets a random token in a SameSite=Strict cookie
and every form carries the same token in a hidden field. Another site can
make a browser POST here but cannot read the cookie to fill in the field.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request
from starlette.responses import Response

COOKIE = "papers_csrf"
FIELD = "csrf_token"


def token_for(request: Request) -> str:
    """The browser's token, or a new one (set on the response by `remember`)."""
    existing = request.cookies.get(COOKIE, "")
    if len(existing) >= 32:
        return existing
    new = getattr(request.state, "new_csrf", None)
    if new is None:
        new = request.state.new_csrf = secrets.token_urlsafe(32)
    return str(new)


def remember(request: Request, response: Response) -> None:
    new = getattr(request.state, "new_csrf", None)
    if new:
        response.set_cookie(COOKIE, new, httponly=True, samesite="strict", path="/")


def valid(request: Request, form: dict[str, str]) -> bool:
    cookie = request.cookies.get(COOKIE, "")
    sent = form.get(FIELD, "")
    return bool(cookie) and len(cookie) >= 32 and hmac.compare_digest(cookie, sent)
