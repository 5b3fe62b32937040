"""A stand-in for the SMS provider and the webhook gateway, on loopback, for tests and demos.

It checks every request the way the real receiver does (the Alibaba Cloud signature with the AccessKey
secret; the webhook's HMAC), records what arrived in order, and can be told to fail the next attempts.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from . import aliyun, webhook


@dataclass(frozen=True, slots=True)
class Received:
    channel: str  # sms | webhook
    ok: bool  # False: refused (bad signature or a failure asked for)
    phone: str
    kind_or_template: str
    params: dict[str, Any]


class NotifySimulator:
    def __init__(self, *, sms_secret: str, webhook_secret: str) -> None:
        self.sms_secret = sms_secret
        self.webhook_secret = webhook_secret
        self.received: list[Received] = []
        self._fail_next = 0
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        simulator = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                return

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.path.startswith("/sms"):
                    status, answer = simulator._sms(body)
                elif self.path.startswith("/webhook"):
                    status, answer = simulator._webhook(body, self.headers.get(webhook.SIGNATURE_HEADER, ""))
                else:
                    status, answer = 404, {"Code": "NotFound"}
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="notify-sim", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> NotifySimulator:
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def fail_next(self, attempts: int) -> None:
        with self._lock:
            self._fail_next = attempts

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        """Wait (on a condition, not a sleep) until `count` requests arrived."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self.received) >= count, timeout):
                raise TimeoutError(f"{len(self.received)} of {count} messages arrived")
            return list(self.received)

    def _record(self, item: Received) -> bool:
        with self._arrived:
            failing = self._fail_next > 0 and item.ok
            if failing:
                self._fail_next -= 1
                item = Received(item.channel, False, item.phone, item.kind_or_template, item.params)
            self.received.append(item)
            self._arrived.notify_all()
            return item.ok

    def _sms(self, body: bytes) -> tuple[int, dict[str, Any]]:
        params = dict(parse_qsl(body.decode(), keep_blank_values=True))
        signed = aliyun.verify("POST", params, self.sms_secret)
        template_params = json.loads(params.get("TemplateParam", "{}") or "{}")
        item = Received("sms", signed, params.get("PhoneNumbers", ""), params.get("TemplateCode", ""), template_params)
        if not signed:
            self._record(item)
            return 400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched."}
        if not self._record(item):
            return 200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控"}
        return 200, {"Code": "OK", "Message": "OK", "BizId": f"sim{len(self.received)}"}

    def _webhook(self, body: bytes, header: str) -> tuple[int, dict[str, Any]]:
        signed = webhook.verify(self.webhook_secret, body, header)
        data = json.loads(body) if signed else {}
        item = Received("webhook", signed, data.get("phone", ""), data.get("kind", ""), data.get("params", {}))
        if not signed:
            self._record(item)
            return 401, {"error": "bad signature"}
        if not self._record(item):
            return 503, {"error": "unavailable"}
        return 200, {"ok": True}
