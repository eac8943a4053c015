"""Whole-number parameters within what the database stores, checked for every route at once."""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

from fastapi import Request
from fastapi.dependencies.utils import get_flat_params
from fastapi.params import Path, Query
from fastapi.routing import APIRoute

from app.errors import InvalidInput

# SQLite's integers (and PostgreSQL's bigint) are 64-bit: a larger id or page number
# would fail in the database, not say what is wrong.
MAX_INT = 2**63 - 1


def _is_int(annotation: Any) -> bool:
    if annotation is int:
        return True
    if get_origin(annotation) in (Union, types.UnionType):
        return any(arg is int for arg in get_args(annotation))
    return False


def _int_params(route: APIRoute) -> tuple[tuple[str, str], ...]:
    """(where, name in the request) of the route's integer path and query parameters."""
    found = []
    for field in get_flat_params(route.dependant):
        where = (
            "path"
            if isinstance(field.field_info, Path)
            else "query"
            if isinstance(field.field_info, Query)
            else None
        )
        if where and _is_int(field.field_info.annotation):
            found.append((where, field.alias))
    return tuple(found)


def too_large(digits: str) -> bool:
    """Whether a string of decimal digits names a number beyond what the database stores."""
    significant = digits.lstrip("0")
    # Length first: int() refuses strings of more than a few thousand digits.
    return len(significant) > len(str(MAX_INT)) or int(significant or "0") > MAX_INT


async def bounded_numbers(request: Request) -> None:
    """Refuse an integer path or query parameter beyond 64 bits, with its name."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    for where, name in _int_params(route):
        values = (
            [request.path_params.get(name)]
            if where == "path"
            else request.query_params.getlist(name)
        )
        for value in values:
            if not isinstance(value, str):
                continue
            digits = value.strip().lstrip("+-")
            # Only decimal digits are numbers here: anything else pydantic refuses itself.
            if digits.isascii() and digits.isdigit() and too_large(digits):
                raise InvalidInput(
                    f"{name} must be a whole number from {-MAX_INT - 1:,} to {MAX_INT:,}."
                )
