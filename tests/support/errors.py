"""What a refused request must look like to the person who made it: a 4xx, the error shape, a Chinese sentence."""

from __future__ import annotations

import re
from typing import Any, Protocol

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LEAKS = ("Traceback", "Exception", "sqlalchemy", "pydantic", "NoneType", "KeyError")


class _Response(Protocol):
    status_code: int
    text: str

    def json(self) -> Any: ...


def chinese_sentence(message: str) -> None:
    """A sentence a clerk or citizen can read: Chinese, and no programmer's words leaking through."""
    assert _CJK.search(message), f"not a Chinese sentence: {message!r}"
    assert not any(leak in message for leak in _LEAKS), f"an internal error leaks to the user: {message!r}"


def assert_refused(response: _Response, status: int, code: str, *, says: str | None = None) -> str:
    """The request was refused with `status` and error `code`, in the error shape, with a Chinese sentence
    (containing `says`, when given). Answers the sentence."""
    assert 400 <= status < 500, "a refusal is a 4xx; a 5xx is always a bug"
    assert response.status_code == status, f"expected {status} {code}, got {response.status_code}: {response.text}"
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) >= {"code", "message"}, body
    assert body["error"]["code"] == code, body
    message: str = body["error"]["message"]
    chinese_sentence(message)
    if says is not None:
        assert says in message, f"{says!r} not in {message!r}"
    return message
