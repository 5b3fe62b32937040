"""The API client against a real server: typed answers, and failures as one readable Chinese ApiError."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from client.api import HallApi, server_root
from client.errors import ApiError
from client.photos import StaffPhotos
from client.qt_api import QtHallApi
from jiaohao.wire.models import HallOut, MeOut, QueueEntry, RatingOut, TicketOut, WindowTicketOut, WindowToday
from tests.support.hall import provision, sqlite_database, write_hall_file
from tests.support.live import LiveHall
from tests.support.server_process import ServerProcess, free_port

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


def test_who_am_i_the_windows_queue_and_todays_figures(live_hall: LiveHall) -> None:
    with (
        HallApi(live_hall.url, live_hall.tokens["kiosk"]) as kiosk,
        HallApi(live_hall.url, live_hall.tokens["caller"]) as device,
        HallApi(live_hall.url) as staff,
    ):
        staff.token = staff.login("1001", "1111", 1).token
        for service in ("SVC_B", "SVC_A", "SVC_A"):
            kiosk.issue_ticket(service, holder_id="13800000000" if service == "SVC_B" else None)
        staff.call_next(1)  # A001: window 1 offers A before B
        staff.hold(1)
        me, device_me = staff.me(), device.me()
        queue = device.window_queue(1)
        today = staff.window_today(1)

    assert isinstance(me, MeOut) and (me.kind, me.staff_no, me.windows) == ("staff", "1001", [1])
    assert (device_me.kind, device_me.role, device_me.windows) == ("device", "caller", [1, 2])
    assert all(isinstance(e, QueueEntry) for e in queue)
    assert [(e.number, e.state) for e in queue] == [("A002", "waiting"), ("B0001", "waiting"), ("A001", "held")]
    assert isinstance(today, WindowToday) and (today.window, today.served, today.rated) == (1, 0, 0)


def test_rating_request_and_a_rating_kept_offline_counted_at_its_time(live_hall: LiveHall) -> None:
    with (
        HallApi(live_hall.url, live_hall.tokens["kiosk"]) as kiosk,
        HallApi(live_hall.url, live_hall.tokens["pad"]) as pad,
        HallApi(live_hall.url) as staff,
    ):
        staff.token = staff.login("1001", "1111", 1).token
        first, second = kiosk.issue_ticket("SVC_A"), kiosk.issue_ticket("SVC_A")
        staff.call_next(1)
        staff.finish(1)
        asked = staff.request_rating(1)
        pressed = datetime.now(UTC) - timedelta(seconds=20)
        rated = pad.rate(first.id, 4, rated_at=pressed)
        staff.call_next(1)
        staff.finish(1)
        bad = pad.rate(second.id, 1, source="evaluator")  # a key press cannot say why
        with pytest.raises(ValueError, match="time zone"):
            pad.rate(second.id, 5, rated_at=datetime(2026, 3, 2, 10, 0))
        with pytest.raises(ApiError) as too_old:
            pad.rate(second.id, 5, rated_at=pressed - timedelta(days=2))
        today = staff.window_today(1)

    assert (asked["ticket_id"], asked["number"], asked["service_name"]) == (first.id, "A001", "业务A")
    assert asked["reasons"]
    assert isinstance(rated, RatingOut) and (rated.ticket_id, rated.number, rated.level, rated.case) == (
        first.id,
        "A001",
        4,
        None,
    )
    assert bad.level == 1 and bad.case is not None  # a 差评 without a reason still opens a case
    assert (too_old.value.status, too_old.value.code) == (400, "bad_rated_at")
    assert (today.served, today.rated, today.good, today.good_rate) == (2, 2, 1, 0.5)


def test_staff_photo_path_and_call_time_in_the_window_view(qtbot: QtBot, tmp_path: Path) -> None:
    """The server serves photos from the hall file's folder; the fixture gives 1003 `staff/1003.png`."""
    (tmp_path / "staff").mkdir()
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(0x2F5D9A)
    assert image.save(str(tmp_path / "staff" / "1003.png"))
    config_path = write_hall_file(tmp_path, prefix="client-test").path
    db_url = sqlite_database(tmp_path)
    tokens = provision(db_url, config_path, [("kiosk", "kiosk", [])])
    with (
        ServerProcess(config_path, db_url) as server,
        HallApi(server.url) as staff,
        HallApi(server.url, tokens["kiosk"]) as kiosk,
    ):
        staff.token = staff.login("1003", "3333", 3).token
        kiosk.issue_ticket("SVC_C")
        staff.call_next(3)
        window = staff.hall().windows[2]
        assert window.staff_photo == "/api/v1/staff/1003/photo"
        assert window.called_at is not None and window.called_at.tzinfo is not None
        assert QImage.fromData(staff.staff_photo(window.staff_photo)).width() == 8
        with pytest.raises(ValueError):
            staff.staff_photo("http://elsewhere.example/photo.png")  # only this server's API paths

        photos = StaffPhotos(QtHallApi(HallApi(server.url)))
        try:
            assert photos.image(None) is None
            with qtbot.waitSignal(photos.loaded, timeout=10_000) as loaded:
                assert photos.image(window.staff_photo) is None  # not yet: fetched off the UI thread
            assert loaded.args == [window.staff_photo]
            image = photos.image(window.staff_photo)
            assert image is not None and image.width() == 8
            failures: list[ApiError] = []
            photos.api.requestFailed.connect(failures.append)
            missing = "/api/v1/staff/1001/photo"  # 1001 has no photo
            photos.image(missing)
            qtbot.waitUntil(lambda: len(failures) == 1, timeout=10_000)
            for _ in range(3):  # a screen repaints often: a missing photo is not asked for again each time
                assert photos.image(missing) is None
            photos.api.submit(lambda api: None)  # the worker runs calls in order: drain it
            qtbot.waitUntil(lambda: not photos.api._pending, timeout=10_000)
            assert len(failures) == 1 and failures[0].status == 404
        finally:
            photos.api.shutdown()
