"""Domain errors raised by services; the web layer maps them to HTTP in one place."""


class ParallaxError(Exception):
    """Base class for errors a user can be told about."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(ParallaxError):
    """The input cannot be turned into an article (empty, binary, no article in it, ...)."""

    status_code = 422


class UnsupportedType(InvalidInput):
    """A file or content type Parallax does not import."""

    status_code = 415


class TooLarge(InvalidInput):
    """The input is over the configured size limit."""

    status_code = 413


class FetchFailed(ParallaxError):
    """A URL could not be fetched (timeout, refused, blocked address, bad status)."""

    status_code = 502


class BlockedAddress(FetchFailed):
    """The URL resolves to an address Parallax refuses to contact (private, loopback, ...)."""

    status_code = 422


class NotFound(ParallaxError):
    """The requested object does not exist."""

    status_code = 404
