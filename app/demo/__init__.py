"""The demo corpus that `parallax demo` imports."""
