"""What an announcement says, as a list of clip names, and the one WAV those clips make.

`compose()` is pure: no pack, no files. `render()` needs only a loaded pack and returns WAV bytes.

    compose("A001", 3) == ["chime", "请", "A", "0", "0", "1", "号", "到", "3", "号", "窗口", "办理"]

Ticket numbers are read character by character (023 → 零 二 三; A001 → A 零 零 一), because that is how
halls call them and how citizens read their tickets. Window numbers are read as numbers up to 99 (12 → 十二,
20 → 二十), as halls say 十二号窗口; anything else (A3, 003, 120) is read character by character.
"""

from __future__ import annotations

import re
import string
from array import array
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from . import audio
from .catalogue import CHIME, DIGITS, EN_RECALL, EN_WORDS, LETTERS, RECALL, TEN, ZH_WORDS, language_family
from .errors import ComposeError
from .pack import VoicePack

PAUSE = "<pause>"  # not a clip: a longer silence, where the template has a comma
ZH_TEMPLATE = "请{number}号到{window}号窗口办理"
EN_TEMPLATE = "Number {number}, please go to window {window}"
_PUNCTUATION = set("，,。.、；;：:！!？?")
_FIELDS = {"number", "window"}


@dataclass(frozen=True)
class Announcement:
    """One call to be spoken: the clips, and the sentence a screen can show alongside."""

    number: str
    window: str
    recall: bool
    lang: str
    text: str
    clips: tuple[str, ...]


def default_template(lang: str) -> str:
    return EN_TEMPLATE if _family(lang) == "en" else ZH_TEMPLATE


def _family(lang: str) -> str:
    family = language_family(lang)
    if family not in ("zh", "en"):
        raise ComposeError(f"language {lang!r} is not supported (zh_CN, en)", f"不支持的播报语言 {lang!r}")
    return family


def _characters(value: str, prefix: str, what: str) -> list[str]:
    clips = []
    for char in value.upper():
        if char not in DIGITS and char not in LETTERS:
            raise ComposeError(f"{what} {value!r} has {char!r}; only letters A–Z and digits can be spoken",
                               f"{'号码' if what == 'number' else '窗口号'} {value!r} 中的“{char}”无法播报")
        clips.append(prefix + char)
    if not clips:
        raise ComposeError(f"{what} is empty", "号码为空" if what == "number" else "窗口号为空")
    return clips


def _window(window: str, family: str) -> list[str]:
    if not (window.isdecimal() and window.isascii() and not window.startswith("0") and int(window) < 100):
        return _characters(window, "en/" if family == "en" else "", "window")
    tens, ones = divmod(int(window), 10)
    if family == "en":
        if tens < 2:
            return [f"en/{window}"]
        return [f"en/{tens}0"] + ([f"en/{ones}"] if ones else [])
    if tens == 0:
        return [str(ones)]
    return ([str(tens)] if tens > 1 else []) + [TEN] + ([str(ones)] if ones else [])


def _zh_words(text: str, words: Collection[str]) -> list[str]:
    """Greedy longest match of the template's literal text against the clip names, so 号窗口 may be one
    recorded clip in a hall's pack or 号 + 窗口 in the default one."""
    longest = max((len(w) for w in words), default=1)
    clips: list[str] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
        elif text[i] in _PUNCTUATION:
            clips.append(PAUSE)
            i += 1
        else:
            match = next((text[i:j] for j in range(min(len(text), i + longest), i, -1) if text[i:j] in words), None)
            if match is None:
                unknown = text[i]
                raise ComposeError(f"template word {unknown!r} (in {text!r}) has no clip; add a clip with that "
                                   f"name to the voice pack", f"播报模板中的“{unknown}”没有对应的语音片段")
            clips.append(match)
            i += len(match)
    return clips


def _en_words(text: str, words: Collection[str]) -> list[str]:
    clips: list[str] = []
    for token in re.findall(r"[A-Za-z']+|[^\sA-Za-z']", text):
        if token in _PUNCTUATION:
            clips.append(PAUSE)
        elif f"en/{token.lower()}" in words:
            clips.append(f"en/{token.lower()}")
        else:
            raise ComposeError(f"template word {token!r} has no clip 'en/{token.lower()}' in the voice pack",
                               f"播报模板中的“{token}”没有对应的英文语音片段")
    return clips


def announcement(number: str, window: str | int, template: str | None = None, recall: bool = False,
                 lang: str = "zh_CN", words: Collection[str] | None = None) -> Announcement:
    """Compose a call. `words` are the clip names usable in the template's text (a pack's `names`);
    by default the default pack's words."""
    family = _family(lang)
    template = template or default_template(lang)
    number, window = number.strip().upper(), str(window).strip().upper()
    vocabulary = words if words is not None else (
        {f"en/{w}" for w in EN_WORDS} if family == "en" else set(ZH_WORDS))
    clips: list[str] = [CHIME]
    if recall:
        clips += [EN_RECALL, PAUSE] if family == "en" else [RECALL, PAUSE]
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as err:
        raise ComposeError(f"template {template!r} is malformed: {err}", f"播报模板格式错误：{template}") from err
    for literal, field, spec, conversion in parsed:
        clips += _en_words(literal, vocabulary) if family == "en" else _zh_words(literal, vocabulary)
        if field is None:
            continue
        if field not in _FIELDS or spec or conversion:
            raise ComposeError(f"template field {{{field}}} is not one of {{number}}, {{window}}",
                               f"播报模板只能使用 {{number}} 和 {{window}}，不能使用 {{{field}}}")
        clips += (_characters(number, "en/" if family == "en" else "", "number") if field == "number"
                  else _window(window, family))
    while clips[-1] == PAUSE:  # a trailing full stop needs no silence; the queue adds its own tail
        clips.pop()
    text = template.format(number=number, window=window)
    if recall:
        text = f"Calling again: {text}" if family == "en" else f"重呼：{text}"
    return Announcement(number, window, recall, lang, text, tuple(clips))


def compose(number: str, window: str | int, template: str | None = None, recall: bool = False,
            lang: str = "zh_CN", words: Collection[str] | None = None) -> list[str]:
    """The clip sequence of a call: chime first, then (重呼 and a pause when recalled) the template."""
    return list(announcement(number, window, template, recall, lang, words).clips)


def render_samples(clips: Sequence[str], pack: VoicePack, *, tail_ms: float = 0.0) -> array[int]:
    """Clips joined with the pack's gaps: `gap_ms` between clips, `chime_gap_ms` after the chime, `pause_ms`
    in place of the gap at a PAUSE; `tail_ms` of silence at the end (the breath between repeats)."""
    settings, rate = pack.settings, pack.sample_rate
    out = array("h")
    previous: str | None = None
    for name in clips:
        if name == PAUSE:
            if previous is not None:
                out += audio.silence(rate, settings.pause_ms)
            previous = None  # the pause replaces the gap before the next clip
            continue
        if previous is not None:
            out += audio.silence(rate, settings.chime_gap_ms if previous == CHIME else settings.gap_ms)
        out += pack.clip(name)
        previous = name
    return out + audio.silence(rate, tail_ms)


def render(clips: Sequence[str], pack: VoicePack, *, tail_ms: float = 0.0) -> bytes:
    """One announcement as a complete mono 16-bit WAV at the pack's sample rate."""
    return audio.wav_bytes(render_samples(clips, pack, tail_ms=tail_ms), pack.sample_rate)
