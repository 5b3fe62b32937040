"""Live configuration from an administrator's token: changes take effect at once, reach the event stream,
survive a restart, are refused with the hall file's place and reason, and export back to a hall file."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from client.state import HallMirror
from jiaohao.cli import main
from jiaohao.domain.clock import ManualClock
from jiaohao.domain.config import HallConfig
from jiaohao.wire.models import Event, HallOut
from tests.support.hall import ALLDAY_HALL
from tests.support.harness import API, HallHarness
from tests.support.internals import load_hall

ADMIN = ("1003", "3333")


def admin(hall: HallHarness) -> dict[str, str]:
    return hall.login(*ADMIN, window=None)


def service_of(hall: HallHarness, code: str) -> dict[str, object]:
    return next(s for s in hall.hall()["services"] if s["code"] == code)


def test_a_service_change_takes_effect_at_once_and_is_announced(hall: HallHarness) -> None:
    headers = admin(hall)
    r = hall.client.get(f"{API}/config/services/SVC_A", headers=headers)
    assert r.status_code == 200 and r.json()["name"] == "业务A" and r.json()["hours"] == ["00:00-24:00"]
    mirror = HallMirror()  # what every front-end keeps of the hall
    mirror.apply_snapshot(HallOut.model_validate(hall.hall()))
    since = mirror.seq

    body = {"name": "不动产登记", "checklist": ["身份证原件", "不动产权证书"], "avg_handle_min": 12}
    r = hall.client.put(f"{API}/config/services/SVC_A", json=body, headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "不动产登记" and r.json()["prefix"] == "A"  # what was not given stays

    assert service_of(hall, "SVC_A")["name"] == "不动产登记"
    ticket = hall.issued("SVC_A")
    assert ticket["checklist"] == ["身份证原件", "不动产权证书"] and ticket["number"].startswith("A")
    changed = [e for e in hall.events_since(since) if e["type"] == "config.changed"]
    assert len(changed) == 1 and changed[0]["data"]["changed"] == ["services.SVC_A"]
    announced = next(s for s in changed[0]["data"]["hall"]["services"] if s["code"] == "SVC_A")
    assert announced["name"] == "不动产登记"
    for message in hall.events_since(since):
        mirror.apply_event(Event.model_validate(message))
    assert mirror.hall is not None
    shown = [(s.code, s.name, s.checklist, s.waiting, s.open) for s in mirror.hall.services]
    assert shown == [(s["code"], s["name"], s["checklist"], s["waiting"], s["open"]) for s in hall.hall()["services"]]


def test_closing_a_service_now_and_adding_one_with_a_window(hall: HallHarness) -> None:
    headers = admin(hall)
    assert hall.client.put(f"{API}/config/services/SVC_B", json={"suspended": True}, headers=headers).status_code == 200
    r = hall.issue("SVC_B")
    assert r.status_code == 409 and "暂停取号" in r.json()["error"]["message"]
    assert service_of(hall, "SVC_B")["open"] is False and service_of(hall, "SVC_B")["closed_reason"] == "暂停取号"

    new = {"name": "公积金提取", "prefix": "G", "hours": ["00:00-24:00"], "checklist": ["身份证"]}
    assert hall.client.put(f"{API}/config/services/GJJ", json=new, headers=headers).status_code == 200
    r = hall.client.put(
        f"{API}/config/windows/5", json={"name": "5号专窗", "kind": "专窗", "services": ["GJJ"]}, headers=headers
    )
    assert r.status_code == 200, r.text
    ticket = hall.issued("GJJ")
    assert ticket["number"] == "G001"
    clerk = hall.login("1001", "1111", window=5)
    called = hall.act(5, "call-next", clerk)
    assert called.status_code == 200 and called.json()["ticket"]["number"] == "G001"
    assert any(w["number"] == 5 and w["name"] == "5号专窗" for w in hall.hall()["windows"])


def test_a_wrong_value_is_refused_with_the_hall_files_place_and_reason(hall: HallHarness) -> None:
    headers = admin(hall)
    r = hall.client.put(f"{API}/config/services/SVC_A", json={"prefix": "B"}, headers=headers)
    assert r.status_code == 400
    message = r.json()["error"]["message"]
    assert message.startswith("配置有误") and "prefix 'B' appears 2 times" in message
    r = hall.client.put(f"{API}/config/services/SVC_A", json={"hours": ["17:00-08:00"]}, headers=headers)
    assert r.status_code == 400 and "services[0].hours" in r.json()["error"]["message"]
    r = hall.client.put(f"{API}/config/windows/1", json={"services": ["NOPE"]}, headers=headers)
    assert r.status_code == 400 and "no service has code 'NOPE'" in r.json()["error"]["message"]
    r = hall.client.put(f"{API}/config/services/SVC_A", json=["not", "a", "table"], headers=headers)
    assert r.status_code == 400
    assert service_of(hall, "SVC_A")["prefix"] == "A"  # nothing changed
    assert hall.client.get(f"{API}/config/services/NOPE", headers=headers).status_code == 404


def test_only_an_administrator_may_change_the_configuration(hall: HallHarness) -> None:
    for who in (hall.login("1001", "1111", window=1), hall.login("1002", "2222", window=None), hall.kiosk):
        r = hall.client.put(f"{API}/config/services/SVC_A", json={"name": "x"}, headers=who)
        assert r.status_code == 403 and r.json()["error"]["message"] == "需要管理员权限"
    assert hall.client.get(f"{API}/config/windows/1").status_code == 401


def test_staff_are_added_disabled_and_their_pin_reset(hall: HallHarness) -> None:
    headers = admin(hall)
    r = hall.client.put(f"{API}/config/staff/2001", json={"name": "新同事"}, headers=headers)
    assert r.status_code == 400 and "初始密码" in r.json()["error"]["message"]
    r = hall.client.put(f"{API}/config/staff/2001", json={"name": "新同事", "pin": "5678"}, headers=headers)
    assert r.status_code == 200 and r.json() == {
        "no": "2001",
        "name": "新同事",
        "role": "staff",
        "title": "",
        "photo": None,
        "active": True,
    }
    clerk = hall.login("2001", "5678", window=2)
    assert hall.client.get(f"{API}/auth/me", headers=clerk).status_code == 200
    r = hall.client.put(f"{API}/config/staff/2001", json={"role": "boss"}, headers=headers)
    assert r.status_code == 400 and "staff[0].role" in r.json()["error"]["message"]

    assert hall.client.put(f"{API}/config/staff/2001", json={"active": False}, headers=headers).status_code == 200
    assert hall.client.get(f"{API}/auth/me", headers=clerk).status_code == 401  # the session ends at once
    r = hall.client.post(f"{API}/auth/login", json={"staff_no": "2001", "pin": "5678", "window": 2})
    assert r.status_code == 401

    body = {"active": True, "pin": "8765"}
    assert hall.client.put(f"{API}/config/staff/2001", json=body, headers=headers).status_code == 200
    hall.login("2001", "8765", window=2)


def test_pause_reasons_and_reminders_are_configuration(hall: HallHarness) -> None:
    assert hall.hall()["pause_reasons"] == ["午休", "业务培训", "系统故障", "临时离开", "其他"]
    headers = admin(hall)
    r = hall.client.put(f"{API}/config/lists/pause_reasons", json=["午休", "外出核查", " "], headers=headers)
    assert r.status_code == 200 and r.json()["pause_reasons"] == ["午休", "外出核查"]
    assert hall.hall()["pause_reasons"] == ["午休", "外出核查"]
    r = hall.client.put(f"{API}/config/lists/reminders", json=["请保管好随身物品"], headers=headers)
    assert r.status_code == 200 and hall.hall()["reminders"] == ["请保管好随身物品"]
    r = hall.client.put(f"{API}/config/lists/pause_reasons", json=[], headers=headers)
    assert r.status_code == 400 and "pause_reasons" in r.json()["error"]["message"]


def test_edits_survive_a_restart_with_the_same_file_and_a_changed_file_replaces_them(
    hall_config: HallConfig, clock: ManualClock, db_url: str
) -> None:
    with HallHarness.start(hall_config, clock, db_url) as hall:
        r = hall.client.put(f"{API}/config/services/SVC_C", json={"daily_cap": 50}, headers=admin(hall))
        assert r.status_code == 200
    with HallHarness.start(hall_config, clock, db_url, generation=1) as hall:
        assert service_of(hall, "SVC_C")["daily_cap"] == 50
    edited = hall_config.model_copy(update={"hall": hall_config.hall.model_copy(update={"name": "新大厅"})})
    with HallHarness.start(edited, clock, db_url, generation=2) as hall:
        assert hall.hall()["name"] == "新大厅" and service_of(hall, "SVC_C")["daily_cap"] == 5


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_export_writes_a_hall_file_that_loads_back_to_the_same_configuration(hall: HallHarness, tmp_path: Path) -> None:
    headers = admin(hall)
    body = {"name": "医保报销", "hours": ["08:30-12:00", "13:30-24:00"], "weekdays": [1, 2, 3, 4, 5]}
    assert hall.client.put(f"{API}/config/services/SVC_B", json=body, headers=headers).status_code == 200
    body = {"name": '一号窗口 "综合"', "services": ["SVC_B", "SVC_A"]}
    assert hall.client.put(f"{API}/config/windows/1", json=body, headers=headers).status_code == 200
    out = tmp_path / "exported.toml"
    code, output = run(
        "admin", "--db", hall.db_url, "config", "export", "--config", str(ALLDAY_HALL), "--out", str(out)
    )
    assert code == 0, output
    exported = load_hall(out)
    live = hall.runtime.config
    assert (exported.hall, exported.policy, exported.services, exported.windows) == (
        live.hall,
        live.policy,
        live.services,
        live.windows,
    )
    assert [(s.no, s.name, s.role, s.pin) for s in exported.staff] == [
        ("1001", "测试员甲", "staff", None),
        ("1002", "测试员乙", "supervisor", None),
        ("1003", "测试员丙", "admin", None),
    ]


def test_import_replaces_the_stored_configuration(hall: HallHarness, tmp_path: Path) -> None:
    headers = admin(hall)
    assert hall.client.put(f"{API}/config/services/SVC_A", json={"name": "改过的"}, headers=headers).status_code == 200
    code, output = run("admin", "--db", hall.db_url, "config", "import", str(ALLDAY_HALL))
    assert code == 0 and "restart the server" in output
    code, output = run("admin", "--db", hall.db_url, "config", "export", "--config", str(ALLDAY_HALL))
    assert code == 0 and 'name = "业务A"' in output and "改过的" not in output
