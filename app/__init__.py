"""Parallax: read how different news outlets tell the same story."""
