"""Writes belong to the owner: changes sent from other sites are refused, and with a
write token set, every change needs it (a bearer token, or the signed-in cookie)."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from typing import Literal

from starlette.requests import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from app.config import Settings
from app.errors import CrossSite, NotSignedIn, ParallaxError
from app.web.errors import error_response
from app.web.http_caching import SHARED_PAGE

COOKIE = "parallax_owner"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Signing in needs no token (it is how the token is given), but is still refused when
# sent from another site, so that no page can sign a reader in without them knowing.
TOKENLESS_PATHS = ("/sign-in",)

OwnerState = Literal["open", "owner", "reader", "shared"]


def session_value(token: str) -> str:
    """The cookie's value: derived from the token, so changing the token signs everyone
    out, and the cookie never holds the token itself."""
    return hmac.new(token.encode(), b"parallax owner session", hashlib.sha256).hexdigest()


def _matches(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode())


def token_matches(given: str, settings: Settings) -> bool:
    return bool(settings.write_token) and _matches(given, settings.write_token)


def owner_state(request: Request) -> OwnerState:
    """ "open" (no write token: anyone may write), "owner" (signed in or holding the
    token), "reader" (may only read), or "shared" on a page rendered once for everyone
    (a comparison's permalink, see app.web.http_caching), whoever asked first."""
    settings: Settings = request.app.state.settings
    if not settings.write_token:
        return "open"
    if request.scope.get(SHARED_PAGE):
        return "shared"
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token_matches(credentials.strip(), settings):
        return "owner"
    cookie = request.cookies.get(COOKIE)
    if cookie and _matches(cookie, session_value(settings.write_token)):
        return "owner"
    return "reader"


def _origin_host(origin: str) -> str:
    return origin.split("://", 1)[-1].rstrip("/").lower()


def cross_site(request: Request, settings: Settings) -> bool:
    """Whether a browser sent this request from a page of another site.

    `Sec-Fetch-Site` is set by the browser and cannot be forged by a page; browsers that
    do not send it (and any not on https or localhost) send `Origin` with every form
    post. A request with neither comes from a script or a tool, not a web page."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return False
    allowed = {request.headers.get("host", "").lower()}
    if settings.base_url:
        allowed.add(_origin_host(settings.base_url))
    return _origin_host(origin) not in allowed


def refusal(request: Request, settings: Settings) -> ParallaxError | None:
    """Why this change is refused, or None when it may go ahead."""
    if request.method in SAFE_METHODS:
        return None
    if cross_site(request, settings):
        return CrossSite(
            "This change was sent from a page of another site, so Parallax refused it. "
            "Make changes from Parallax's own pages."
        )
    if request.url.path not in TOKENLESS_PATHS and owner_state(request) == "reader":
        how = (
            "send the write token as `Authorization: Bearer TOKEN`"
            if request.url.path.startswith("/api/")
            else "sign in at /sign-in"
        )
        return NotSignedIn(f"Only the owner of this Parallax can make changes: {how}.")
    return None


class OwnerGuard:
    """Refuses changes that are cross-site, or lack the write token when one is set."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            request = Request(scope)
            refused = refusal(request, self.settings)
            if refused is not None:
                await error_response(request, refused)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def is_loopback_host(host: str) -> bool:
    if host.lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def open_write_warning(host: str, settings: Settings) -> str | None:
    """What `parallax serve` must say when others can reach it and anyone may write."""
    if settings.write_token or is_loopback_host(host):
        return None
    return (
        f"Warning: Parallax listens on {host} with no write token, so anyone who can reach "
        "it can import, rename, merge and change articles. Set PARALLAX_WRITE_TOKEN to "
        "keep changes to yourself."
    )
