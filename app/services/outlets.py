"""Finding or creating the outlet an article belongs to, and naming unnamed ones."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from sqlmodel import Session

from app import repo
from app.models import UNNAMED_SOURCE, UNNAMED_SOURCE_NAME, Outlet

# What articles imported without any outlet were once all stored under. The content hash
# of such an article is still keyed on its slug, whatever source it is stored under, so
# that importing it again finds it (with the outlet a reader gave it since).
UNKNOWN_OUTLET = "Unknown outlet"
# An article with no outlet, site name or URL gets a source of its own, named so.
UNNAMED = UNNAMED_SOURCE
_UNNAMED_NAME = UNNAMED_SOURCE_NAME
# Endings of a domain that say nothing about the outlet ("theguardian.com" -> "theguardian").
_DOMAIN_END = re.compile(r"\.(com|org|net|co|ie|uk|us|au|ca|in|info|news|de|fr|es|it)$")


def slugify(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return slug[:200] or "outlet"


def domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.") or None


def alias_key(name: str) -> str:
    """What names of one outlet share: "The Guardian", "theguardian.com", "www.TheGuardian.com"."""
    key = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    key = key.removeprefix("www.")
    while _DOMAIN_END.search(key):
        key = _DOMAIN_END.sub("", key)
    # "The Guardian" and the one-word "theguardian" alike lose their article.
    if key.startswith("the ") or (" " not in key and key.startswith("the") and len(key) > 6):
        key = key[3:]
    return re.sub(r"[^a-z0-9]+", "", key)


def is_unnamed(outlet: Outlet) -> bool:
    """A provisional source Parallax named, which a reader has not named yet."""
    return bool(_UNNAMED_NAME.fullmatch(outlet.name))


def _by_alias(session: Session, name: str) -> Outlet | None:
    key = alias_key(name)
    if not key:
        return None
    # Provisional sources have no aliases; leaving them out keeps the scan to named outlets.
    for outlet in repo.articles.list_outlets(session=session, except_prefix=UNNAMED + " "):
        if alias_key(outlet.name) == key or (outlet.domain and alias_key(outlet.domain) == key):
            return outlet
    return None


def find(*, session: Session, name: str) -> Outlet | None:
    """The stored outlet called `name` or one of its aliases, if any."""
    name = " ".join(name.split())[:200]
    return repo.articles.get_outlet_by_slug(session=session, slug=slugify(name)) or _by_alias(
        session, name
    )


def find_or_create(*, session: Session, name: str, domain: str | None = None) -> Outlet:
    """The outlet called `name` (or an alias of it), created if new; it learns its domain."""
    name = " ".join(name.split())[:200]
    outlet = find(session=session, name=name)
    if outlet is None:
        return repo.articles.add_outlet(
            session=session, name=name, slug=slugify(name), domain=domain
        )
    if domain and not outlet.domain:
        outlet.domain = domain
        session.add(outlet)
    return outlet


def _named_by_page(*, session: Session, site_name: str, domain: str | None) -> Outlet:
    """The outlet a page names itself as; one so far named after its domain takes the name."""
    if domain and (known := repo.articles.get_outlet_by_domain(session=session, domain=domain)):
        if known.name == domain and find(session=session, name=site_name) is None:
            known.name = " ".join(site_name.split())[:200]
            session.add(known)
        return known
    return find_or_create(session=session, name=site_name, domain=domain)


def new_unnamed(*, session: Session) -> Outlet:
    """A new provisional source, "Unnamed source N", numbered after the highest so far."""
    last = repo.articles.highest_numbered_outlet(session=session, prefix=UNNAMED + " ")
    match = _UNNAMED_NAME.fullmatch(last or "")
    number = int(match.group(1)) + 1 if match else 1
    # A reader may have named an outlet "Unnamed source 7 (old)": step over taken slugs.
    while repo.articles.get_outlet_by_slug(session=session, slug=slugify(f"{UNNAMED} {number}")):
        number += 1
    name = f"{UNNAMED} {number}"
    return repo.articles.add_outlet(session=session, name=name, slug=slugify(name), domain=None)


def orphan_unnamed(*, session: Session, outlet_id: int) -> None:
    """Delete a provisional source no article belongs to any more (a reader named it)."""
    outlet = repo.articles.get_outlet(session=session, outlet_id=outlet_id)
    if (
        outlet is not None
        and is_unnamed(outlet)
        and repo.articles.count_outlet_articles(session=session, outlet_id=outlet_id) == 0
    ):
        repo.articles.delete_outlet(session=session, outlet=outlet)


def has_identity(*, given: str | None, url: str | None, site_name: str | None) -> bool:
    """Does anything say who published the article: the user, the page or its address?"""
    return any(v and v.strip() for v in (given, site_name)) or domain_of(url) is not None


def resolve(
    *, session: Session, given: str | None, url: str | None, site_name: str | None
) -> Outlet:
    """Outlet as the user gives it; else as the page names itself; else by the URL's domain;
    else a new provisional source of the article's own ("Unnamed source 3")."""
    domain = domain_of(url)
    if given and given.strip():
        return find_or_create(session=session, name=given, domain=domain)
    if site_name and site_name.strip():
        return _named_by_page(session=session, site_name=site_name, domain=domain)
    if domain:
        known = repo.articles.get_outlet_by_domain(session=session, domain=domain)
        return known or find_or_create(session=session, name=domain, domain=domain)
    return new_unnamed(session=session)


def by_slug(*, session: Session, slug: str) -> Outlet | None:
    """The outlet whose address is /outlets/{slug}, if there is one."""
    return repo.articles.get_outlet_by_slug(session=session, slug=slug)
