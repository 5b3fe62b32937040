"""RS-485 hall bus (DESIGN §6): FF68 frames, keypads, number signs, beeps and 4/5-key evaluators.

No Qt widgets, no server: the caller app or the bus hub hands a `Bus` its listeners; `qt.QtBusBridge`
turns bus events into Qt signals. `BusSimulator` plays the devices for tests, the demo and installers.
"""

from .bus import Bus, BusListener, BusStatus
from .errors import BusError, BusIOError, BusNotFound, FrameError, InvalidBusURI
from .frame import Frame, FrameDecoder, checksum, decode_frame, encode_frame
from .roles import (
    FIVE_KEY,
    FOUR_KEY,
    FUNC_BEEP,
    FUNC_KEY,
    FUNC_RATING,
    FUNC_SHOW,
    EvaluatorLayout,
    Key,
    KeypadAction,
    KeypadEntry,
    display_cells,
)
from .simulator import BusSimulator, SimulatedDevice
from .transport import BusTransport, SerialBusTransport, open_transport, parse_bus_uri, pipe_pair

__all__ = [
    "FIVE_KEY",
    "FOUR_KEY",
    "FUNC_BEEP",
    "FUNC_KEY",
    "FUNC_RATING",
    "FUNC_SHOW",
    "Bus",
    "BusError",
    "BusIOError",
    "BusListener",
    "BusNotFound",
    "BusSimulator",
    "BusStatus",
    "BusTransport",
    "EvaluatorLayout",
    "Frame",
    "FrameDecoder",
    "FrameError",
    "InvalidBusURI",
    "Key",
    "KeypadAction",
    "KeypadEntry",
    "SerialBusTransport",
    "SimulatedDevice",
    "checksum",
    "decode_frame",
    "display_cells",
    "encode_frame",
    "open_transport",
    "parse_bus_uri",
    "pipe_pair",
]
