"""HTML pages, the JSON API, and what they share (dependencies, templates, errors)."""
