"""A zeroconf browser in its own process, for the discovery tests: what a front-end on another PC would see.

Prints one JSON object per line and flushes each:
  {"event": "ready"}                                  browsing has started
  {"event": "added", "name", "port", "addresses", "properties"}   a service of the wanted hall resolved
  {"event": "removed", "name"}                        a service reported earlier went away
  {"event": "unresolved", "name"}                     a lookup timed out (diagnostic; retried on update)
  {"event": "timeout"}                                gave up (exit status 2)

Only services whose TXT `hall` equals --hall are reported, so halls advertised by other tests on the same
machine do not interfere. Exits 0 once it has seen --expect services added and all of them removed.

Deliberately independent of jiaohao: it speaks plain zeroconf, as a client on another machine would.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading

from zeroconf import DNSQuestionType, IPVersion, ServiceBrowser, ServiceStateChange, Zeroconf


def emit(**fields: object) -> None:
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--type", required=True)
    parser.add_argument("--hall", required=True)
    parser.add_argument("--interface", default="127.0.0.1")
    parser.add_argument("--expect", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()

    seen: set[str] = set()
    gone: set[str] = set()
    done = threading.Event()
    lock = threading.Lock()

    def on_change(zeroconf: Zeroconf, service_type: str, name: str, state_change: ServiceStateChange) -> None:
        # Handlers run on the browser's own thread, so the blocking lookup below is allowed here.
        if state_change is ServiceStateChange.Removed:
            with lock:
                if name not in seen or name in gone:
                    return
                gone.add(name)
                finished = len(seen) >= args.expect and gone == seen
            emit(event="removed", name=name)
            if finished:
                done.set()
            return
        with lock:
            if name in seen:
                return
        # QM: a unicast reply (QU) to port 5353 reaches only one of the processes holding that port on
        # this machine, often not this one; multicast replies reach every process.
        info = zeroconf.get_service_info(service_type, name, timeout=5000, question_type=DNSQuestionType.QM)
        if info is None:
            emit(event="unresolved", name=name)
            return  # an Updated event (the next announcement or query answer) brings it back here
        properties = {
            key.decode(): value.decode() if value is not None else None for key, value in info.properties.items()
        }
        if properties.get("hall") != args.hall:
            return
        with lock:
            if name in seen:
                return
            seen.add(name)
        emit(
            event="added",
            name=name,
            port=info.port,
            addresses=info.parsed_addresses(IPVersion.V4Only),
            properties=properties,
        )

    zeroconf = Zeroconf(interfaces=[args.interface], ip_version=IPVersion.V4Only)
    browser = ServiceBrowser(zeroconf, args.type, handlers=[on_change], question_type=DNSQuestionType.QM)
    emit(event="ready")
    try:
        if done.wait(args.timeout):
            return 0
        emit(event="timeout")
        return 2
    finally:
        browser.cancel()
        zeroconf.close()


if __name__ == "__main__":
    sys.exit(main())
