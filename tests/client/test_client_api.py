"""The API client against a real server: typed answers, and failures as one readable Chinese ApiError."""

from __future__ import annotations

import pytest
from conftest import LiveHall
from pytestqt.qtbot import QtBot
from server_process import free_port

from jiaohao.client.api import HallApi, server_root
from jiaohao.client.errors import ApiError
from jiaohao.client.qt_api import QtHallApi
from jiaohao.wire.models import HallOut, TicketOut, WindowTicketOut

pytestmark = pytest.mark.slow


def test_a_wrong_token_is_a_readable_chinese_error(live_hall: LiveHall) -> None:
    with HallApi(live_hall.url, "not-a-real-token") as api, pytest.raises(ApiError) as caught:
        api.issue_ticket("SVC_A")

    err = caught.value
    assert (err.status, err.code) == (401, "bad_token")
    assert err.is_unauthorized
    assert "设备令牌无效" in err.message


def test_kiosk_and_window_calls_are_typed_end_to_end(live_hall: LiveHall) -> None:
    with HallApi(live_hall.url, live_hall.tokens["kiosk"]) as kiosk, HallApi(live_hall.url) as staff:
        ticket = kiosk.issue_ticket("SVC_A", holder_id="13800000000")
        login = staff.login("1001", "1111", 1)
        staff.token = login.token
        called = staff.call_next(1)
        started = staff.start(1)
        finished = staff.finish(1)
        nobody = staff.call_next(1)
        hall = staff.hall()

    assert isinstance(ticket, TicketOut) and ticket.number == "A001"
    assert isinstance(called, WindowTicketOut) and called.ticket is not None and called.ticket.number == "A001"
    assert started.ticket is not None and started.ticket.state == "serving"
    assert finished.ticket is not None and finished.ticket.state == "done"
    assert nobody is None
    assert isinstance(hall, HallOut) and hall.id == live_hall.hall_id


def test_a_refusal_keeps_the_servers_code_and_message(live_hall: LiveHall) -> None:
    with HallApi(live_hall.url) as api, pytest.raises(ApiError) as caught:
        api.login("1001", "wrong", 1)

    assert (caught.value.status, caught.value.code, caught.value.message) == (401, "bad_login", "工号或密码错误")


def test_no_server_is_a_network_error_in_chinese() -> None:
    with HallApi(f"http://127.0.0.1:{free_port()}", timeout=2) as api, pytest.raises(ApiError) as caught:
        api.hall()

    assert caught.value.is_network and caught.value.status == 0
    assert caught.value.message.startswith("无法连接服务器")


def test_calls_before_discovery_found_the_server_fail_readably() -> None:
    with HallApi(None) as api, pytest.raises(ApiError, match="尚未找到服务器"):
        api.hall()


@pytest.mark.parametrize(
    "typed", ["10.0.0.5:8000", "http://10.0.0.5:8000/", "http://10.0.0.5:8000/api/v1", " http://10.0.0.5:8000 "]
)
def test_server_urls_are_normalised(typed: str) -> None:
    assert server_root(typed) == "http://10.0.0.5:8000"


def test_qt_wrapper_answers_on_the_ui_thread_through_signals(qtbot: QtBot, live_hall: LiveHall) -> None:
    api = QtHallApi(HallApi(live_hall.url, "revoked-or-wrong"))
    try:
        with qtbot.waitSignal(api.unauthorized, timeout=10_000) as refused:
            api.submit(lambda a: a.issue_ticket("SVC_A"))
        assert refused.args is not None and refused.args[0].code == "bad_token"

        answers: list[HallOut] = []
        reply = api.submit(lambda a: a.hall(), answers.append)
        with qtbot.waitSignal(reply.succeeded, timeout=10_000):
            pass
        qtbot.waitUntil(lambda: len(answers) == 1, timeout=5_000)
        assert answers[0].id == live_hall.hall_id
    finally:
        api.shutdown()
