"""A generic HTTPS webhook: the hall's own gateway (a 微信公众号 backend, a provincial SMS platform) receives
each reminder as JSON, signed with `X-Jiaohao-Signature: sha256=<hex HMAC-SHA256(secret, body)>`; the body
carries the message id, so a gateway recognises a retry of a message it already took."""

from __future__ import annotations

import hashlib
import hmac
import json

import httpx

from .base import DeliveryFailed, Message

SIGNATURE_HEADER = "X-Jiaohao-Signature"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str) -> bool:
    return hmac.compare_digest(sign(secret, body), header)


class Webhook:
    def __init__(self, url: str, secret: str, timeout_s: float = 5.0) -> None:
        if not secret:
            raise ValueError("a webhook needs a secret to sign with")
        self._url = url
        self._secret = secret
        self._timeout = timeout_s

    def send(self, message: Message) -> None:
        body = json.dumps(
            {
                "id": message.id,
                "kind": message.kind,
                "phone": message.phone,
                "params": message.params,
                "text": message.text,
            },
            ensure_ascii=False,
        ).encode()
        headers = {"Content-Type": "application/json", SIGNATURE_HEADER: sign(self._secret, body)}
        try:
            response = httpx.post(self._url, content=body, headers=headers, timeout=self._timeout)
        except httpx.HTTPError as err:
            raise DeliveryFailed(f"提醒网关无法连接：{type(err).__name__}") from err
        if response.status_code // 100 != 2:
            raise DeliveryFailed(f"提醒网关返回 HTTP {response.status_code}")
