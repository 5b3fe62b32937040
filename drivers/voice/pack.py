"""Voice packs: a folder of short WAV clips plus `manifest.toml`, optionally layered with a hall's recordings.

    [pack]
    name = "default (espeak-ng)"
    languages = ["zh_CN", "en"]   # each language requires its full set of clips (catalogue.REQUIRED)
    sample_rate = 22050           # every clip is converted to this at load time
    gap_ms = 60                   # silence between two clips
    chime_gap_ms = 300            # silence after the chime
    pause_ms = 250                # silence at a comma of the template
    auto_trim = true              # cut leading/trailing silence of every clip (recordings usually have it)

    [clips]
    "0" = "zh/0.wav"
    "请" = { file = "zh/qing.wav", gain_db = -2.0, trim_start_ms = 0, trim_end_ms = 40 }

An override folder replaces clips in two ways: a WAV at the same relative path as a base clip's file replaces
that clip (drop-in), and an optional `manifest.toml` whose [clips] (and [pack] settings) win over the base.
Every clip is decoded when the pack loads, so a broken file is found at start-up, not in the middle of a call.
"""

from __future__ import annotations

import tomllib
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import audio
from .catalogue import REQUIRED, language_family
from .errors import VoicePackError

MANIFEST = "manifest.toml"
_CLIP_KEYS = {"file", "gain_db", "trim_start_ms", "trim_end_ms"}


@dataclass(frozen=True)
class PackSettings:
    name: str = "voice pack"
    languages: tuple[str, ...] = ("zh_CN",)
    sample_rate: int = 22050
    gap_ms: float = 60.0
    chime_gap_ms: float = 300.0
    pause_ms: float = 250.0
    auto_trim: bool = True
    generator: str = ""  # set by generate.py so it can tell whether a pack is its own and up to date


@dataclass(frozen=True)
class ClipSpec:
    name: str
    path: Path
    gain_db: float = 0.0
    trim_start_ms: float = 0.0
    trim_end_ms: float = 0.0


@dataclass(frozen=True)
class VoicePack:
    """Decoded clips, all mono int16 at `settings.sample_rate`. Build it with `VoicePack.load()`."""

    settings: PackSettings
    specs: Mapping[str, ClipSpec]
    clips: Mapping[str, array[int]] = field(repr=False)

    @property
    def sample_rate(self) -> int:
        return self.settings.sample_rate

    @property
    def names(self) -> frozenset[str]:
        return frozenset(self.clips)

    def clip(self, name: str) -> array[int]:
        try:
            return self.clips[name]
        except KeyError:
            raise VoicePackError(f"voice pack '{self.settings.name}' has no clip '{name}'",
                                 f"语音包“{self.settings.name}”缺少语音片段“{name}”") from None

    def source(self, name: str) -> Path:
        """The file a clip came from: shows which clips a hall's recordings replaced."""
        return self.specs[name].path

    def speaks(self, lang: str) -> bool:
        return language_family(lang) in {language_family(x) for x in self.settings.languages}

    @classmethod
    def load(cls, folder: Path, *overrides: Path) -> VoicePack:
        """Load `folder` and layer each override folder over it, later ones winning."""
        folder = Path(folder)
        data = _read_manifest(folder / MANIFEST, required=True)
        settings = _settings(PackSettings(), data.get("pack", {}), folder)
        specs = _clip_specs(data.get("clips", {}), folder)
        base_files = {name: s.path.relative_to(folder) for name, s in specs.items() if s.path.is_relative_to(folder)}
        for layer in map(Path, overrides):
            if not layer.is_dir():
                raise VoicePackError(f"override folder {layer} does not exist", f"录音覆盖文件夹 {layer} 不存在")
            for name, relative in base_files.items():  # drop-in: same relative path as the base file
                if (layer / relative).is_file():
                    specs[name] = replace(specs[name], path=layer / relative)
            layer_data = _read_manifest(layer / MANIFEST, required=False)
            settings = _settings(settings, layer_data.get("pack", {}), layer)
            specs.update(_clip_specs(layer_data.get("clips", {}), layer))
        _check_complete(settings, specs, folder)
        clips = {name: _decode(spec, settings) for name, spec in specs.items()}
        return cls(settings, specs, clips)

    def require(self, names: Iterable[str]) -> None:
        """Fail with every missing name at once, e.g. before speaking a template with extra words."""
        missing = sorted(set(names) - set(self.clips))
        if missing:
            raise VoicePackError(f"voice pack '{self.settings.name}' lacks clips: {', '.join(missing)}",
                                 f"语音包“{self.settings.name}”缺少语音片段：{'、'.join(missing)}")


def _read_manifest(path: Path, *, required: bool) -> dict[str, Any]:
    if not path.is_file():
        if required:
            raise VoicePackError(f"no {MANIFEST} in {path.parent}: generate the default pack with "
                                 f"`jiaohao voice-pack generate` or point to a pack folder",
                                 f"{path.parent} 中没有 {MANIFEST}，"
                                 "请先运行 jiaohao voice-pack generate 生成默认语音包")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise VoicePackError(f"{path} is not valid TOML: {err}", f"语音包清单 {path} 格式错误：{err}") from err
    unknown = set(data) - {"pack", "clips"}
    if unknown:
        raise VoicePackError(f"{path}: unknown section(s) {sorted(unknown)}; expected [pack] and [clips]",
                             f"{path}：未知的配置节 {sorted(unknown)}，应为 [pack] 和 [clips]")
    return data


def _bad(where: Path, what: str, zh: str) -> VoicePackError:
    return VoicePackError(f"{where / MANIFEST}: {what}", f"{where / MANIFEST}：{zh}")


def _settings(base: PackSettings, table: Any, where: Path) -> PackSettings:
    if not isinstance(table, dict):
        raise _bad(where, "[pack] must be a table", "[pack] 必须是一个表")
    known = PackSettings.__dataclass_fields__
    unknown = set(table) - set(known)
    if unknown:
        raise _bad(where, f"unknown [pack] key(s) {sorted(unknown)}", f"[pack] 中有未知项 {sorted(unknown)}")
    values: dict[str, Any] = {}
    for key, value in table.items():
        expected = type(getattr(base, key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if expected is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = tuple(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise _bad(where, f"[pack] {key} must be {expected.__name__}", f"[pack] {key} 类型错误")
        values[key] = value
    settings = replace(base, **values)
    if not 8000 <= settings.sample_rate <= 96000:
        raise _bad(where, "sample_rate must be between 8000 and 96000", "sample_rate 应在 8000 到 96000 之间")
    if min(settings.gap_ms, settings.chime_gap_ms, settings.pause_ms) < 0:
        raise _bad(where, "gaps must not be negative", "间隔不能为负数")
    unsupported = [x for x in settings.languages if language_family(x) not in REQUIRED]
    if unsupported or not settings.languages:
        raise _bad(where, f"languages must be some of zh_CN, en (got {list(settings.languages)})",
                   f"languages 只能是 zh_CN、en（当前 {list(settings.languages)}）")
    return settings


def _clip_specs(table: Any, where: Path) -> dict[str, ClipSpec]:
    if not isinstance(table, dict):
        raise _bad(where, "[clips] must be a table", "[clips] 必须是一个表")
    specs: dict[str, ClipSpec] = {}
    for name, entry in table.items():
        if isinstance(entry, str):
            entry = {"file": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or set(entry) - _CLIP_KEYS:
            raise _bad(where, f"clip '{name}' must be \"file.wav\" or {{ file = ..., gain_db = ..., "
                       f"trim_start_ms = ..., trim_end_ms = ... }}", f"语音片段“{name}”的写法不正确")
        numbers = {k: v for k, v in entry.items() if k != "file"}
        if any(isinstance(v, bool) or not isinstance(v, int | float) for v in numbers.values()):
            raise _bad(where, f"clip '{name}': gain and trim must be numbers",
                       f"语音片段“{name}”的增益和裁剪必须是数字")
        if min(numbers.get("trim_start_ms", 0), numbers.get("trim_end_ms", 0)) < 0:
            raise _bad(where, f"clip '{name}': trim must not be negative", f"语音片段“{name}”的裁剪不能为负数")
        specs[name] = ClipSpec(name, where / entry["file"], float(entry.get("gain_db", 0)),
                               float(entry.get("trim_start_ms", 0)), float(entry.get("trim_end_ms", 0)))
    return specs


def _check_complete(settings: PackSettings, specs: Mapping[str, ClipSpec], folder: Path) -> None:
    required = set().union(*(REQUIRED[language_family(x)] for x in settings.languages))
    missing = sorted(required - set(specs))
    absent = sorted(f"{name} ({spec.path})" for name, spec in specs.items() if not spec.path.is_file())
    if missing or absent:
        parts_en, parts_zh = [], []
        if missing:
            parts_en.append(f"the manifest lists no clip for: {', '.join(missing)}")
            parts_zh.append(f"清单中缺少语音片段：{'、'.join(missing)}")
        if absent:
            parts_en.append(f"these clip files do not exist: {', '.join(absent)}")
            parts_zh.append(f"以下语音文件不存在：{'、'.join(absent)}")
        raise VoicePackError(f"voice pack {folder} is incomplete; " + "; ".join(parts_en),
                             f"语音包 {folder} 不完整。" + "；".join(parts_zh))


def _decode(spec: ClipSpec, settings: PackSettings) -> array[int]:
    try:
        samples, rate = audio.read_wav(spec.path)
    except (audio.WavFormatError, OSError) as err:
        raise VoicePackError(
            f"clip '{spec.name}' ({spec.path}) cannot be read: {err}; convert it with "
            f"`sox in.wav -r {settings.sample_rate} -c 1 -b 16 out.wav`",
            f"语音片段“{spec.name}”（{spec.path}）无法读取，请转换为 16 位 PCM WAV") from err
    samples = audio.resample(samples, rate, settings.sample_rate)
    rate = settings.sample_rate
    if settings.auto_trim:
        samples = audio.trim_silence(samples, rate)
    start = round(rate * spec.trim_start_ms / 1000)
    end = len(samples) - round(rate * spec.trim_end_ms / 1000)
    samples = audio.gain(samples[start:max(start, end)], spec.gain_db)
    if not samples:
        raise VoicePackError(f"clip '{spec.name}' ({spec.path}) is silent or trimmed away entirely",
                             f"语音片段“{spec.name}”（{spec.path}）没有声音或被完全裁掉")
    return samples
