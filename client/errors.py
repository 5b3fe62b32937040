"""The one failure type a front-end handles: every server refusal and every network problem becomes an
`ApiError` whose `message` a clerk or citizen can read as is (Chinese), while the log keeps the cause."""

from __future__ import annotations

__all__ = ["NETWORK", "PROTOCOL", "ApiError"]

# Codes the client makes up itself; every other code is the server's `error.code`.
NETWORK = "network"  # no answer: server down, wrong address, timeout
PROTOCOL = "protocol"  # an answer that does not follow the wire contract (a bug on one side)


class ApiError(Exception):
    """A call failed. `status` is the HTTP status, 0 when no answer arrived."""

    def __init__(self, code: str, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status

    @property
    def is_network(self) -> bool:
        """True when the server could not be reached: retrying later may help."""
        return self.code == NETWORK

    @property
    def is_unauthorized(self) -> bool:
        """True when the token is missing, wrong, expired or revoked: the device must be set up again."""
        return self.status == 401

    def __repr__(self) -> str:
        return f"ApiError(code={self.code!r}, status={self.status}, message={self.message!r})"
