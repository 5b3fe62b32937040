"""A closed-loop HTTP/1.1 load generator: N clients on keep-alive connections, each sending its next request
when the previous answer arrives, bounded by time and by request count, loopback only.

It speaks just enough HTTP (Content-Length bodies) to stay cheap: on this 2-core machine it shares the CPU
with the server, and every microsecond it spends is one the server does not get.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

RequestFactory = Callable[[int, int], tuple[str, str, dict[str, str], bytes | None]]


@dataclass
class PhaseResult:
    name: str
    clients: int
    requests: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else float("nan")

    @property
    def p99(self) -> float:
        return self.pct(99)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = 0
    for line in lines[1:]:
        if line[:15].lower() == b"content-length:":
            length = int(line[15:].strip())
    body = await reader.readexactly(length) if length else b""
    return status, body


async def _client(
    host: str, port: int, make: RequestFactory, index: int, deadline: float, budget: list[int], result: PhaseResult
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    n = 0
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            method, path, headers, body = make(index, n)
            n += 1
            lines = [f"{method} {path} HTTP/1.1", f"Host: {host}:{port}"]
            lines += [f"{k}: {v}" for k, v in headers.items()]
            if body is not None:
                lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
            payload = ("\r\n".join(lines) + "\r\n\r\n").encode() + (body or b"")
            start = time.perf_counter()
            writer.write(payload)
            status, _ = await _read_response(reader)
            result.latencies.append(time.perf_counter() - start)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            result.requests += 1
    finally:
        writer.close()


async def run_phase(
    name: str, base_url: str, make: RequestFactory, clients: int, seconds: float, max_requests: int
) -> PhaseResult:
    parts = urlsplit(base_url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError("the load generator only targets this machine")
    result = PhaseResult(name, clients)
    budget = [max_requests]
    start = time.perf_counter()
    deadline = start + seconds
    await asyncio.gather(*(_client(host, port, make, i, deadline, budget, result) for i in range(clients)))
    result.seconds = time.perf_counter() - start
    return result


def json_body(obj: object) -> bytes:
    return json.dumps(obj).encode()
