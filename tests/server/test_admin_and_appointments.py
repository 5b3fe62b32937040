"""`jiaohao admin` and appointments (预约): the CLI an administrator uses, and check-in at the kiosk."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner

from jiaohao.cli import main
from tests.support.harness import API, HallHarness

ALLDAY = Path(__file__).parent.parent / "fixtures" / "allday_hall.toml"


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.output


def test_admin_manages_staff_and_devices(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'admin.db'}"
    code, out = run("admin", "--db", db, "staff", "add", "--no", "2001", "--name", "李娜", "--pin", "246810")
    assert code == 0 and "2001" in out
    code, out = run("admin", "--db", db, "staff", "add", "--no", "2001", "--name", "重复", "--pin", "246810")
    assert code == 1 and "工号 2001 已存在" in out
    code, out = run("admin", "--db", db, "staff", "list")
    assert "2001\t李娜\tstaff" in out
    code, out = run("admin", "--db", db, "device", "add", "--kind", "pad", "--name", "pad1", "--window", "3")
    token = out.strip().splitlines()[-1]
    assert code == 0 and len(token) >= 40 and " " not in token
    code, out = run("admin", "--db", db, "device", "add", "--kind", "pad", "--name", "pad2")
    assert code == 1 and "评价器必须绑定且只绑定一个窗口" in out
    code, out = run(
        "admin", "--db", db, "device", "add", "--kind", "caller", "--name", "hub1", "--window", "1", "--window", "2"
    )
    assert code == 0
    code, out = run("admin", "--db", db, "device", "list")
    assert "hub1\tcaller\twindows=1,2\tactive" in out
    code, out = run("admin", "--db", db, "device", "revoke", "--name", "pad1")
    assert code == 0
    assert "pad1\tpad\twindows=3\trevoked" in run("admin", "--db", db, "device", "list")[1]


def test_a_revoked_token_stops_working(hall: HallHarness, db_url: str) -> None:
    assert hall.issue("SVC_A").status_code == 201
    code, _out = run("admin", "--db", db_url, "device", "revoke", "--name", "kiosk-1")
    assert code == 0
    hall.runtime.tokens.clear()
    r = hall.issue("SVC_A")
    assert r.status_code == 401 and "令牌无效" in r.json()["error"]["message"]


def appointment(hall: HallHarness, code: str, slot: str, day: str = "2026-03-02") -> None:
    supervisor = hall.login("1002", "2222", window=None)
    body = {"service": "SVC_A", "date": day, "slot": slot, "code": code, "name": "欧阳娜娜", "phone": "13812345678"}
    r = hall.client.post(f"{API}/appointments", json=body, headers=supervisor)
    assert r.status_code == 201, r.text
    assert (r.json()["name_masked"], r.json()["phone_masked"]) == ("欧***", "138****5678")


def test_checking_in_within_the_slot_gives_a_priority_ticket(hall: HallHarness) -> None:
    appointment(hall, "YY0001", "10:00-10:30")  # the clock says 10:00 in Shanghai
    hall.issued("SVC_A")
    ticket = hall.issued(None, appointment_code="yy0001")
    assert ticket["channel"] == "appointment" and ticket["notice"] is None
    clerk = hall.login("1001", "1111", window=1)
    assert hall.act(1, "call-next", clerk).json()["ticket"]["number"] == ticket["number"]  # ahead of A001
    again = hall.issue(None, appointment_code="YY0001")  # a used code never gives a second ticket
    assert again.status_code == 409 and again.json()["error"]["code"] == "appointment_used"
    assert "不能重复取号" in again.json()["error"]["message"]


def test_with_the_fallback_policy_too_early_and_too_late_give_a_normal_ticket_and_spend_the_code(
    hall: HallHarness,
) -> None:
    appointment(hall, "EARLY1", "11:00-11:30")
    appointment(hall, "LATE01", "09:00-09:30")
    appointment(hall, "TMRW01", "10:00-10:30", day="2026-03-03")
    early = hall.issued(None, appointment_code="EARLY1")
    assert early["channel"] == "normal" and "已为您取普通号" in early["notice"] and "11:00-11:30" in early["notice"]
    again = hall.issue(None, appointment_code="EARLY1")
    assert again.status_code == 409 and again.json()["error"]["code"] == "appointment_used"
    late = hall.issued(None, appointment_code="LATE01")
    assert late["channel"] == "normal" and "已为您取普通号" in late["notice"]
    tomorrow = hall.issue(None, appointment_code="TMRW01")  # another day's booking is kept, not spent
    assert tomorrow.status_code == 409 and "不是今天" in tomorrow.json()["error"]["message"]
    r = hall.issue(None, appointment_code="NOSUCH")
    assert r.status_code == 404 and r.json()["error"]["message"] == "未找到该预约码，请核对后重新输入"


def test_without_fallback_a_late_code_is_refused(hall_config, clock, db_url: str) -> None:  # type: ignore[no-untyped-def]
    policy = hall_config.policy.model_copy(update={"appointment_fallback_normal": False})
    with HallHarness.start(hall_config.model_copy(update={"policy": policy}), clock, db_url) as hall:
        appointment(hall, "LATE02", "09:00-09:30")
        hall.clock.advance(timedelta(minutes=1))
        r = hall.issue(None, appointment_code="LATE02")
        assert r.status_code == 409 and r.json()["error"]["code"] == "appointment_too_late"
        appointment(hall, "EARLY2", "11:00-11:30")
        r = hall.issue(None, appointment_code="EARLY2")
        assert r.status_code == 409 and "请于 10:55 后再来取号" in r.json()["error"]["message"]


def test_appointments_import_from_csv_all_or_nothing(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'a.db'}"
    good = tmp_path / "good.csv"
    good.write_text(
        "service,date,slot,code,name,phone\nSVC_A,2026-03-02,09:00-09:30,AB1234,张三,13900001111\n"
        "SVC_B,2026-03-02,10:00-10:30,AB1235,李四,13900002222\n",
        encoding="utf-8",
    )
    code, out = run("admin", "--db", db, "appointments", "import", str(good), "--config", str(ALLDAY))
    assert code == 0 and "imported 2" in out
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "service,date,slot,code,name,phone\nSVC_A,2026-03-03,09:00-09:30,CD0001,王五,13900003333\n"
        "SVC_A,2026-03-03,9点,CD0002,赵六,13900004444\n",
        encoding="utf-8",
    )
    code, out = run("admin", "--db", db, "appointments", "import", str(bad), "--config", str(ALLDAY))
    assert code == 1 and "line 3" in out
    from sqlalchemy import func, select

    from server.storage.database import make_engine
    from server.storage.models import Appointment

    engine = make_engine(db, writer=False)
    with engine.connect() as conn:
        stored = conn.execute(select(Appointment.code, Appointment.name_masked, Appointment.phone_masked)).all()
        assert conn.execute(select(func.count()).select_from(Appointment)).scalar_one() == 2
    engine.dispose()
    assert sorted(stored) == [("AB1234", "张*", "139****1111"), ("AB1235", "李*", "139****2222")]
