"""Mandarin (and English) calls from a voice pack: clips joined into one announcement, queued, never
overlapping. No Qt widgets, no server: the display hands calls to an `AnnouncementQueue` and gets them
spoken through a `Player` (`qtplayer.QtPlayer` through QtMultimedia, imported only by whoever plays)."""

from .announce import EN_TEMPLATE, PAUSE, ZH_TEMPLATE, Announcement, announcement, compose, render, render_samples
from .errors import ComposeError, GenerateError, PlayerError, VoiceError, VoicePackError
from .generate import default_pack_dir, ensure_default_pack, generate_pack
from .pack import ClipSpec, PackSettings, VoicePack
from .player import Player, RecordingPlayer, SubprocessPlayer
from .queue import AnnouncementQueue, QueueListener

__all__ = [
    "EN_TEMPLATE", "PAUSE", "ZH_TEMPLATE", "Announcement", "AnnouncementQueue", "ClipSpec", "ComposeError",
    "GenerateError", "PackSettings", "Player", "PlayerError", "QueueListener", "RecordingPlayer",
    "SubprocessPlayer", "VoiceError", "VoicePack", "VoicePackError", "announcement", "compose",
    "default_pack_dir", "ensure_default_pack", "generate_pack", "render", "render_samples",
]
