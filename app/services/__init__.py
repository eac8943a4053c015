"""Orchestration between the web/CLI entry points and the libraries and storage."""
