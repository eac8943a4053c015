"""Signing in with the write token (an HttpOnly, SameSite=Strict cookie) and out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.web.deps import SettingsDep
from app.web.owner import COOKIE, owner_state, session_value, token_matches
from app.web.ratelimit import client_key
from app.web.templating import render

router = APIRouter(include_in_schema=False)
SESSION_SECONDS = 30 * 24 * 3600


def _local_path(target: str) -> str:
    """Where to go after signing in: a path on this site only, never another site."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request, settings: SettingsDep, next: str = "/") -> Response:
    context: dict[str, object] = {
        "next": _local_path(next),
        "error": None,
        "enabled": bool(settings.write_token),
        "signed_in": owner_state(request) == "owner",
    }
    return render(request, "sign_in.html", context)


@router.post("/sign-in")
def sign_in(
    request: Request,
    settings: SettingsDep,
    token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    target = _local_path(next)
    if not token_matches(token, settings):
        request.app.state.sign_in_attempts.take(client_key(request.scope))
        error = (
            "That is not the write token."
            if settings.write_token
            else "This Parallax has no write token to sign in with."
        )
        context: dict[str, object] = {
            "next": target,
            "error": error,
            "enabled": bool(settings.write_token),
            "signed_in": False,
        }
        return render(request, "sign_in.html", context, status=401)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(
        COOKIE,
        session_value(settings.write_token),
        max_age=SESSION_SECONDS,
        path="/",
        httponly=True,  # no script, even an injected one, can read it
        samesite="strict",  # never sent with a request another site starts
        secure=request.url.scheme == "https" or settings.base_url.startswith("https:"),
    )
    return response


@router.post("/sign-out")
def sign_out() -> Response:
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
    return response
