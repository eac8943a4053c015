"""Persistence by store: keyword-only functions; every query Parallax runs lives here."""

from app.repo import articles, grouping, index, search, stories

__all__ = ["articles", "grouping", "index", "search", "stories"]
