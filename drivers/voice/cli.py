"""`jiaohao voice-pack generate|check` and `jiaohao say`: what an installer runs to set up and test the voice."""

from __future__ import annotations

import logging
import time
from array import array
from pathlib import Path

import click

from . import audio
from .errors import PlayerError, VoiceError
from .generate import default_pack_dir, generate_pack
from .pack import VoicePack
from .player import RecordingPlayer, SubprocessPlayer
from .queue import AnnouncementQueue


def _fail(err: VoiceError) -> click.ClickException:
    return click.ClickException(str(err))


def _quiet_queue_log(verbose: bool) -> None:
    """The queue logs a failed announcement with its traceback, which a hall's long-running screen wants in
    its log. Here the same failure comes back through the listener and is shown as one sentence (zh / en),
    so an installer with no speaker sees what to do, not a traceback; --verbose shows the cause as well."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.CRITICAL,
                        format="%(levelname)s %(name)s: %(message)s")


@click.group("voice-pack")
def voice_pack() -> None:
    """Voice packs (语音包) for calling numbers."""


@voice_pack.command("generate")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="where to write the pack  [default: the user data folder]")
@click.option("--force", is_flag=True, help="regenerate even if the pack is up to date")
def generate(folder: Path | None, force: bool) -> None:
    """Generate the default pack with espeak-ng (idempotent: does nothing when it is up to date)."""
    began = time.monotonic()
    try:
        done = generate_pack(folder, force=force)
        pack = VoicePack.load(done)
    except VoiceError as err:
        raise _fail(err) from err
    click.echo(f"语音包就绪 / voice pack ready: {done} ({len(pack.names)} clips, "
               f"{pack.settings.generator}; {time.monotonic() - began:.1f} s)")


@voice_pack.command("check")
@click.option("--pack", "folder", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--override", "overrides", multiple=True, type=click.Path(file_okay=False, path_type=Path),
              help="a folder of recordings layered over the pack (repeatable)")
def check(folder: Path | None, overrides: tuple[Path, ...]) -> None:
    """Load a pack (with overrides) and list every clip, its length and where it comes from."""
    try:
        pack = VoicePack.load(folder or default_pack_dir(), *overrides)
    except VoiceError as err:
        raise _fail(err) from err
    for name in sorted(pack.names):
        samples = pack.clip(name)
        click.echo(f"{name:12} {audio.duration(samples, pack.sample_rate):5.2f} s  "
                   f"rms {audio.rms(samples):.3f}  {pack.source(name)}")
    click.echo(f"OK: {len(pack.names)} clips, {pack.sample_rate} Hz, languages {', '.join(pack.settings.languages)}")


@click.command("say")
@click.argument("number")
@click.argument("window")
@click.option("--recall", is_flag=True, help="mark it as a recall (重呼)")
@click.option("--pack", "folder", type=click.Path(file_okay=False, path_type=Path), default=None)
@click.option("--override", "overrides", multiple=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", default="zh_CN", show_default=True, help="zh_CN or en")
@click.option("--template", default=None, help="e.g. 请{number}号到{window}号窗口办理")
@click.option("--repeat", type=click.IntRange(1, 5), default=2, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="write the announcement (all repeats) to this WAV instead of playing it")
@click.option("--player", "command", default=None, help="player command, e.g. 'aplay -q'  [default: detect]")
@click.option("-v", "--verbose", is_flag=True, help="log the cause of a failure, with its traceback")
def say(number: str, window: str, recall: bool, folder: Path | None, overrides: tuple[Path, ...], lang: str,
        template: str | None, repeat: int, out: Path | None, command: str | None, verbose: bool) -> None:
    """Speak one call now, or write it to a WAV with --out (jiaohao say A001 3)."""
    _quiet_queue_log(verbose)
    try:
        pack = VoicePack.load(folder or default_pack_dir(), *overrides)
        if out is not None:
            # The same path as the queue, with a recording player, so the file is exactly what a hall hears.
            recorder = RecordingPlayer()
            with AnnouncementQueue(pack, recorder, repeat=repeat, lang=lang, template=template) as speaker:
                item = speaker.call(number, window, recall=recall)
            joined = array("h")
            for wav in recorder.played:
                joined += audio.read_wav(wav)[0]
            audio.write_wav(out, joined, pack.sample_rate)
            click.echo(f"{item.text} → {out} ({audio.duration(joined, pack.sample_rate):.2f} s)")
            return
        player = SubprocessPlayer(command.split() if command else None)
        failures: list[Exception] = []
        with AnnouncementQueue(pack, player, repeat=repeat, lang=lang, template=template) as speaker:
            speaker.add_listener(_Collect(failures))
            item = speaker.call(number, window, recall=recall)
        if failures:
            failure = failures[0]
            if isinstance(failure, VoiceError):
                raise failure
            raise PlayerError(f"cannot play the announcement: {failure}", "无法播放声音，请检查音箱和音频设置") \
                from failure
        click.echo(item.text)
    except VoiceError as err:
        raise _fail(err) from err


class _Collect:
    def __init__(self, failures: list[Exception]) -> None:
        self.failures = failures

    def started(self, item: object) -> None:
        pass

    def finished(self, item: object) -> None:
        pass

    def failed(self, item: object, error: Exception) -> None:
        self.failures.append(error)
