"""The voice driver's failures: `VoiceError` and its kinds, on `drivers.errors`.

`message_zh` is for the hall's staff, `message_en` for logs and installers; library and process errors are
chained with ``raise ... from err`` so the cause stays in the log.
"""

from __future__ import annotations

from drivers.errors import DeviceError


class VoiceError(DeviceError):
    """Base of all voice failures."""

    default_zh = "语音播报故障"
    default_en = "voice error"


class VoicePackError(VoiceError):
    """A voice pack is missing, malformed, or lacks clips that an announcement needs."""

    default_zh = "语音包不可用"
    default_en = "voice pack is unusable"


class ComposeError(VoiceError, ValueError):
    """A number, window or template cannot be spoken with the clips available."""

    default_zh = "无法组成播报语句"
    default_en = "cannot compose the announcement"


class GenerateError(VoiceError):
    """espeak-ng is missing or failed while generating the default pack."""

    default_zh = "无法生成默认语音包"
    default_en = "cannot generate the default voice pack"


class PlayerError(VoiceError):
    """The sound could not be played (no player program, no audio device, player failed)."""

    default_zh = "无法播放声音，请检查音箱和音频设置"
    default_en = "cannot play sound"
