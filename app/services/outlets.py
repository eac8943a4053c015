"""Finding or creating the outlet an article belongs to."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from sqlmodel import Session

from app import repo
from app.models import Outlet

UNKNOWN_OUTLET = "Unknown outlet"


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:200] or "outlet"


def domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.") or None


def find_or_create(*, session: Session, name: str, domain: str | None = None) -> Outlet:
    """The outlet called `name`, created if new; it learns its domain if it had none."""
    name = " ".join(name.split())[:200]
    outlet = repo.get_outlet_by_slug(session=session, slug=slugify(name))
    if outlet is None:
        return repo.add_outlet(session=session, name=name, slug=slugify(name), domain=domain)
    if domain and not outlet.domain:
        outlet.domain = domain
        session.add(outlet)
    return outlet


def resolve(
    *, session: Session, given: str | None, url: str | None, site_name: str | None
) -> Outlet:
    """Outlet as the user gives it; else by the URL's domain; else as the page names itself."""
    domain = domain_of(url)
    if given and given.strip():
        return find_or_create(session=session, name=given, domain=domain)
    if domain:
        known = repo.get_outlet_by_domain(session=session, domain=domain)
        if known is not None:
            return known
        return find_or_create(session=session, name=site_name or domain, domain=domain)
    if site_name and site_name.strip():
        return find_or_create(session=session, name=site_name)
    return find_or_create(session=session, name=UNKNOWN_OUTLET)


def by_slug(*, session: Session, slug: str) -> Outlet | None:
    """The outlet whose address is /outlets/{slug}, if there is one."""
    return repo.get_outlet_by_slug(session=session, slug=slug)
