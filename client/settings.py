"""One small TOML per device, overridable by the same flags on every front-end.

```toml
# /etc/jiaohao/caller.toml (or ~/.config/jiaohao/<role>.toml)
hall = "demo-hall"                  # which hall to pick on the LAN (needed only when several are seen)
server = "http://10.0.0.5:8000"     # optional: skips discovery
token = "…"                         # device token from `jiaohao admin device add`
window = 3
printer = "tcp://10.0.0.60:9100"
bus = "serial:///dev/ttyUSB0?baud=9600"
lang = "zh_CN"                      # or "en"
zeroconf_interfaces = ["10.0.0.21"] # where to browse (default: every interface)

[printer_profile]                   # any table is kept for the role in `extra`
paper_mm = 80
```

Flags win over the file: `--config FILE --server URL --token TOKEN --lang zh_CN|en --hall ID` and the
role's own `--window N --printer URI --bus URI`. `device_options()` adds them to a click command and hands
the command one `DeviceSettings`.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

import click

__all__ = ["LANGUAGES", "DeviceSettings", "SettingsError", "default_config_path", "device_options", "load_settings"]

LANGUAGES = ("zh_CN", "en")
F = TypeVar("F", bound=Callable[..., Any])

_STRINGS = ("hall", "server", "token", "printer", "bus", "lang")


class SettingsError(Exception):
    """The device's configuration file cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class DeviceSettings:
    role: str = "device"
    hall: str | None = None
    server: str | None = None
    token: str | None = None
    window: int | None = None
    printer: str | None = None
    bus: str | None = None
    lang: str = "zh_CN"
    zeroconf_interfaces: tuple[str, ...] = ()
    config_path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def with_overrides(self, **values: Any) -> DeviceSettings:
        """A copy where every value that is not None replaces the file's."""
        return replace(self, **{k: v for k, v in values.items() if v is not None and v != ()})


def default_config_path(role: str) -> Path:
    """`$JIAOHAO_CONFIG`, else `<user config dir>/jiaohao/<role>.toml`."""
    env = os.environ.get("JIAOHAO_CONFIG")
    if env:
        return Path(env)
    from platformdirs import user_config_dir

    return Path(user_config_dir("jiaohao")) / f"{role}.toml"


def load_settings(path: Path | None, role: str = "device", *, required: bool = False) -> DeviceSettings:
    """Read a device file; a missing default file means "all defaults", a missing named file is an error."""
    target = path or default_config_path(role)
    if not target.exists():
        if required or path is not None:
            raise SettingsError(f"找不到设备配置文件：{target}")
        return DeviceSettings(role=role)
    try:
        data = tomllib.loads(target.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise SettingsError(f"无法读取设备配置文件 {target}：{err}") from err
    except tomllib.TOMLDecodeError as err:
        raise SettingsError(f"设备配置文件 {target} 格式错误：{err}") from err
    return _from_mapping(data, role, target)


def _from_mapping(data: dict[str, Any], role: str, path: Path) -> DeviceSettings:
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if key in _STRINGS:
            if not isinstance(value, str):
                raise SettingsError(f"{path}：{key} 应为字符串")
            values[key] = value.strip() or None
        elif key == "window":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise SettingsError(f"{path}：window 应为正整数")
            values[key] = value
        elif key == "zeroconf_interfaces":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise SettingsError(f"{path}：zeroconf_interfaces 应为字符串列表")
            values[key] = tuple(value)
        else:
            extra[key] = value  # a role's own section, e.g. [printer_profile]
    lang = values.get("lang") or "zh_CN"
    if lang not in LANGUAGES:
        raise SettingsError(f"{path}：lang 应为 {' 或 '.join(LANGUAGES)}")
    values["lang"] = lang
    return DeviceSettings(role=role, config_path=path, extra=extra, **values)


def device_options(role: str, *, window: bool = False, printer: bool = False, bus: bool = False) -> Callable[[F], F]:
    """Add the shared device flags to a click command; the command receives `settings: DeviceSettings`.

    @click.command("caller")
    @device_options("caller", window=True, bus=True)
    def caller(settings: DeviceSettings) -> None: ...
    """

    def decorate(command: F) -> F:
        @functools.wraps(command)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            overrides = {name: kwargs.pop(name, None) for name in _OPTION_NAMES}
            path = overrides.pop("config_path")
            interfaces = overrides.pop("zeroconf_interface")
            try:
                base = load_settings(Path(path) if path else None, role)
            except SettingsError as err:
                raise click.ClickException(str(err)) from err
            settings = base.with_overrides(zeroconf_interfaces=tuple(interfaces or ()), **overrides)
            return command(*args, settings=settings, **kwargs)

        options: list[Callable[[Any], Any]] = [
            click.option(
                "--config",
                "config_path",
                type=click.Path(dir_okay=False),
                help=f"device settings TOML (default: {default_config_path(role)})",
            ),
            click.option("--server", help="server URL, e.g. http://10.0.0.5:8000 (default: find it on the LAN)"),
            click.option("--token", help="device token from `jiaohao admin device add`"),
            click.option("--hall", help="hall id to pick when several halls are on the LAN"),
            click.option("--lang", type=click.Choice(LANGUAGES), help="screen language (default zh_CN)"),
            click.option(
                "--zeroconf-interface", multiple=True, help="IPv4 address of an interface to browse on (repeatable)"
            ),
        ]
        if window:
            options.append(click.option("--window", type=click.IntRange(1, 999), help="window number"))
        if printer:
            options.append(click.option("--printer", help="printer URI, e.g. tcp://HOST:9100 or virtual://DIR"))
        if bus:
            options.append(click.option("--bus", help="serial bus URI, e.g. serial:///dev/ttyUSB0?baud=9600"))
        decorated: Any = wrapper
        for option in reversed(options):
            decorated = option(decorated)
        return decorated  # type: ignore[no-any-return]

    return decorate


_OPTION_NAMES = ("config_path", "server", "token", "hall", "lang", "zeroconf_interface", "window", "printer", "bus")
