"""The `parallax` command."""
