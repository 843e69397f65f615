class XAPIError(Exception):
    """A request the LRS refuses: carries the HTTP status and the reason sent back to the client."""

    status = 400

    def __init__(self, reason, status=None):
        super().__init__(reason)
        self.reason = reason
        if status is not None:
            self.status = status


class BadRequest(XAPIError):
    status = 400


class Unauthorized(XAPIError):
    status = 401


class Forbidden(XAPIError):
    status = 403


class NotFound(XAPIError):
    status = 404


class Conflict(XAPIError):
    status = 409


class PreconditionFailed(XAPIError):
    status = 412
