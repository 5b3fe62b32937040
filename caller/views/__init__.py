"""The caller's widgets. Each receives the `CallerModel` (what to show) and the `CallerController` (what to do,
and its `changed` signal to re-read the model); none talks to the server."""

from .window import CallerWindow

__all__ = ["CallerWindow"]
