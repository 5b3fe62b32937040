"""The caller's widgets. Each receives the `CallerModel` and re-reads it on `changed`; none talks to the server."""

from .window import CallerWindow

__all__ = ["CallerWindow"]
