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


class UnusableUrl(FetchFailed):
    """The URL itself is refused before any connection: its scheme, its host, or a host
    that does not resolve. The user's input, not an upstream failure."""

    status_code = 422


class BlockedAddress(FetchFailed):
    """The URL resolves to an address Parallax refuses to contact (private, loopback, ...)."""

    status_code = 422


class NotFound(ParallaxError):
    """The requested object does not exist."""

    status_code = 404


class NotSignedIn(ParallaxError):
    """A change was asked for without the write token."""

    status_code = 401


class CrossSite(ParallaxError):
    """A change was sent from a page of another site."""

    status_code = 403


class TooManyRequests(ParallaxError):
    """A client asked for more than its share (of URL fetches, of sign-in attempts)."""

    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DatabaseBusy(ParallaxError):
    """Another writer held the database's lock past the wait allowed: try again later."""

    status_code = 503

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class DatabaseFull(ParallaxError):
    """The disk holding the database is full: nothing more can be stored."""

    status_code = 507


class Conflict(ParallaxError):
    """A change was worked out on data that has changed since: nothing is changed."""

    status_code = 409
