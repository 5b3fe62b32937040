"""Mono 16-bit PCM in plain Python: read any PCM WAV, convert, trim, measure, write.

Everything in the voice driver is one format (mono, signed 16-bit, the pack's sample rate) held as
``array('h')``, so joining clips is concatenation. Recordings a hall drops in may be stereo, 24-bit or
48 kHz; they are converted here once, at load time, with no dependency beyond the standard library.
"""

from __future__ import annotations

import io
import math
import sys
import wave
from array import array
from pathlib import Path

FULL_SCALE = 32767


class WavFormatError(ValueError):
    """The file is not a PCM WAV that we can read."""


def _to_le(samples: array[int]) -> bytes:
    if sys.byteorder == "big":  # WAV is little-endian; array uses the machine's order
        swapped = array("h", samples)
        swapped.byteswap()
        return swapped.tobytes()
    return samples.tobytes()


def _frames_to_int16(raw: bytes, width: int) -> array[int]:
    if width == 2:
        out = array("h")
        out.frombytes(raw[: len(raw) // 2 * 2])
        if sys.byteorder == "big":
            out.byteswap()
        return out
    if width == 1:  # 8-bit WAV is unsigned
        return array("h", ((b - 128) << 8 for b in raw))
    if width in (3, 4):  # keep the two most significant bytes of each little-endian sample
        return array("h", (int.from_bytes(raw[i + width - 2 : i + width], "little", signed=True)
                           for i in range(0, len(raw) - width + 1, width)))
    raise WavFormatError(f"unsupported sample width {width} bytes")


def read_wav(source: Path | bytes) -> tuple[array[int], int]:
    """Samples (mono int16) and sample rate of a PCM WAV file or WAV bytes; stereo is averaged to mono."""
    try:
        with wave.open(io.BytesIO(source) if isinstance(source, bytes) else str(source), "rb") as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            raw = wav.readframes(wav.getnframes())
    except (wave.Error, EOFError) as err:
        raise WavFormatError(f"not a PCM WAV file ({err})") from err
    samples = _frames_to_int16(raw, width)
    if channels > 1:
        samples = array("h", (sum(samples[i : i + channels]) // channels
                              for i in range(0, len(samples) - channels + 1, channels)))
    return samples, rate


def wav_bytes(samples: array[int], rate: int) -> bytes:
    """A complete mono 16-bit WAV file."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(_to_le(samples))
    return buffer.getvalue()


def write_wav(path: Path, samples: array[int], rate: int) -> None:
    path.write_bytes(wav_bytes(samples, rate))


def resample(samples: array[int], from_rate: int, to_rate: int) -> array[int]:
    """Linear interpolation: plenty for speech clips played over a hall's PA, and no numpy needed."""
    if from_rate == to_rate or not samples:
        return array("h", samples)
    count = max(1, round(len(samples) * to_rate / from_rate))
    step = from_rate / to_rate
    last = len(samples) - 1
    out = array("h", bytes(2 * count))
    for i in range(count):
        pos = i * step
        j = int(pos)
        if j >= last:
            out[i] = samples[last]
        else:
            frac = pos - j
            out[i] = round(samples[j] * (1 - frac) + samples[j + 1] * frac)
    return out


def scale(samples: array[int], factor: float) -> array[int]:
    """Multiply by factor, clipping at full scale rather than wrapping around."""
    return array("h", (max(-FULL_SCALE, min(FULL_SCALE, round(s * factor))) for s in samples))


def gain(samples: array[int], gain_db: float) -> array[int]:
    return array("h", samples) if gain_db == 0 else scale(samples, 10 ** (gain_db / 20))


def normalize_peak(samples: array[int], peak: float) -> array[int]:
    """Scale so the loudest sample is `peak` of full scale, so every generated clip sounds equally loud."""
    loudest = max((abs(s) for s in samples), default=0)
    return array("h", samples) if loudest == 0 else scale(samples, peak * FULL_SCALE / loudest)


def silence(rate: int, ms: float) -> array[int]:
    return array("h", bytes(2 * round(rate * ms / 1000)))


def rms(samples: array[int]) -> float:
    """Root mean square relative to full scale (0.0 silent … 1.0)."""
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples)) / FULL_SCALE


def peak(samples: array[int]) -> float:
    return max((abs(s) for s in samples), default=0) / FULL_SCALE


def trim_silence(samples: array[int], rate: int, *, threshold_db: float = -40.0, pad_ms: float = 15.0,
                 frame_ms: float = 10.0) -> array[int]:
    """Cut leading and trailing silence, judged by the RMS of short frames so a click or hum floor does not
    count as speech; keep a little padding so consonant onsets and decays are not clipped."""
    frame = max(1, round(rate * frame_ms / 1000))
    limit = 10 ** (threshold_db / 20)
    loud = [i for i in range(0, len(samples), frame) if rms(samples[i : i + frame]) >= limit]
    if not loud:
        return array("h")
    pad = round(rate * pad_ms / 1000)
    return samples[max(0, loud[0] - pad) : min(len(samples), loud[-1] + frame + pad)]


def duration(samples: array[int], rate: int) -> float:
    return len(samples) / rate
