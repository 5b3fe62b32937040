"""QtPlayer: plays one rendered announcement (WAV bytes) through QtMultimedia and returns when it is done.

It implements the blocking `Player.play()`, called only from the announcement queue's worker
thread: QAudioSink and a local QEventLoop are created on that thread, so the UI thread is never blocked
and nothing here is shared with it. QAudioSink (raw PCM from memory) rather than QMediaPlayer or
QSoundEffect: those want a file or URL and report "finished" less precisely. QtCore and QtMultimedia only,
no widgets; not imported by `drivers.voice` itself, so QtMultimedia loads only where a screen speaks.
"""

from __future__ import annotations

import io
import logging
import wave

from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QTimer
from PySide6.QtMultimedia import QAudio, QAudioFormat, QAudioSink, QMediaDevices

from .errors import PlayerError

__all__ = ["QtPlayer", "audio_output_available"]

log = logging.getLogger(__name__)

_SLACK_MS = 5_000  # beyond the sound's own length, before a stuck audio device counts as a failure


def audio_output_available() -> bool:
    return not QMediaDevices.defaultAudioOutput().isNull()


class QtPlayer:
    def play(self, wav: bytes) -> None:
        try:
            with wave.open(io.BytesIO(wav), "rb") as reader:
                rate, channels, width = reader.getframerate(), reader.getnchannels(), reader.getsampwidth()
                pcm = reader.readframes(reader.getnframes())
        except (wave.Error, EOFError) as err:
            raise PlayerError(f"not a playable WAV: {err}", "语音数据无法播放") from err
        if width != 2:
            raise PlayerError(f"QtPlayer plays 16-bit PCM, got {8 * width}-bit", "语音数据格式不受支持")
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            raise PlayerError("no audio output device", "找不到音频输出设备，请检查音箱连接和声音设置")
        audio_format = QAudioFormat()
        audio_format.setSampleRate(rate)
        audio_format.setChannelCount(channels)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(audio_format):
            raise PlayerError(f"{device.description()} cannot play {rate} Hz ×{channels}", "音频设备不支持该格式")
        self._play_pcm(device, audio_format, pcm, 1000 * len(pcm) // (2 * channels * rate))

    @staticmethod
    def _play_pcm(device: object, audio_format: QAudioFormat, pcm: bytes, length_ms: int) -> None:
        loop = QEventLoop()
        sink = QAudioSink(device, audio_format)  # type: ignore[call-overload]
        buffer = QBuffer()
        buffer.setData(QByteArray(pcm))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)

        def on_state(state: QAudio.State) -> None:
            # Idle: the buffer ran dry, i.e. the whole sound has been handed to the device.
            if state in (QAudio.State.IdleState, QAudio.State.StoppedState):
                loop.quit()

        sink.stateChanged.connect(on_state)
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(length_ms + _SLACK_MS)
        sink.start(buffer)
        if sink.state() != QAudio.State.StoppedState:
            loop.exec()
        error = sink.error()
        timed_out = not timer.isActive()
        sink.stop()
        buffer.close()
        if error != QAudio.Error.NoError:
            raise PlayerError(f"audio output error {error.name}", "播放声音失败，请检查音箱")
        if timed_out:
            raise PlayerError("audio output did not finish in time", "播放声音超时，请检查音箱和声音设置")
