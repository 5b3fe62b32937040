"""操作日志: every kind of recorded action (who, when, from where, before/after), readable and exportable by an
administrator only, and never editable, not even by a hand-written statement."""

from __future__ import annotations

import csv
import io
from typing import Any

from click.testing import CliRunner

from jiaohao.cli import main
from tests.support.harness import API, HallHarness
from tests.support.internals import audit_tampering


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def entries(hall: HallHarness, headers: dict[str, str], **params: str) -> list[dict[str, Any]]:
    r = hall.client.get(f"{API}/audit", params=params, headers=headers)
    assert r.status_code == 200, r.text
    found: list[dict[str, Any]] = r.json()
    return found


def a_bad_rating_case(hall: HallHarness) -> int:
    pad = hall.device("pad", [1])
    clerk = hall.login("1001", "1111", window=1)
    ticket = hall.issued("SVC_A")
    hall.act(1, "call-next", clerk)
    hall.act(1, "finish", clerk)
    body = {"ticket_id": ticket["id"], "level": 1, "reasons": ["服务态度"]}
    r = hall.client.post(f"{API}/ratings", json=body, headers=pad)
    assert r.status_code == 201, r.text
    case_id: int = r.json()["case"]["id"]
    return case_id


def test_each_kind_of_action_is_recorded_with_who_where_and_what(hall: HallHarness) -> None:
    for _ in range(3):  # the test hall locks after 3 failures
        r = hall.client.post(f"{API}/auth/login", json={"staff_no": "1001", "pin": "0000", "window": 1})
        assert r.status_code == 401
    case_id = a_bad_rating_case_after_unlock(hall)
    supervisor = hall.login("1002", "2222", window=None)
    r = hall.client.post(f"{API}/cases/{case_id}/response", json={"text": "已电话回访"}, headers=supervisor)
    assert r.status_code == 200, r.text
    r = hall.client.get(f"{API}/reports/summary", params={"format": "csv"}, headers=supervisor)
    assert r.status_code == 200
    assert hall.client.post(f"{API}/auth/logout", headers=supervisor).status_code == 204
    admin = hall.login("1003", "3333", window=None)
    r = hall.client.put(f"{API}/config/services/SVC_A", json={"daily_cap": 80}, headers=admin)
    assert r.status_code == 200
    assert run("admin", "--db", hall.db_url, "device", "add", "--kind", "kiosk", "--name", "kiosk-east")[0] == 0
    assert run("admin", "--db", hall.db_url, "device", "revoke", "--name", "kiosk-east")[0] == 0

    log = entries(hall, admin)
    kinds = {e["action"] for e in log}
    assert {
        "login_failed",
        "lockout",
        "login",
        "logout",
        "case_response",
        "export",
        "config_changed",
        "token_issued",
        "token_revoked",
    } <= kinds
    by_action = {e["action"]: e for e in reversed(log)}  # the latest of each kind
    assert by_action["lockout"]["actor"] == "1001" and by_action["lockout"]["address"] == "testclient"
    assert by_action["case_response"]["subject"] == f"cases.{case_id}"
    assert by_action["case_response"]["after"] == {"text": "已电话回访"}
    assert by_action["export"]["subject"] == "report" and by_action["export"]["actor"] == "1002"
    change = by_action["config_changed"]
    assert (change["actor"], change["subject"]) == ("1003", "services.SVC_A")
    assert change["after"]["daily_cap"] == 80 and change["before"].get("daily_cap") != 80
    assert (
        by_action["token_issued"]["actor"] == "命令行" and by_action["token_issued"]["subject"] == "devices.kiosk-east"
    )
    assert by_action["logout"]["actor"] == "1002"
    assert log == sorted(log, key=lambda e: e["id"], reverse=True)  # newest first


def a_bad_rating_case_after_unlock(hall: HallHarness) -> int:
    """The locked clerk's PIN is set again by the command line (which also clears the lock), then works."""
    code, _ = run("admin", "--db", hall.db_url, "staff", "set-pin", "--no", "1001", "--pin", "1111")
    assert code == 0
    return a_bad_rating_case(hall)


def test_filters_csv_export_and_who_may_read_it(hall: HallHarness) -> None:
    admin = hall.login("1003", "3333", window=None)
    hall.login("1001", "1111", window=1)
    logins = entries(hall, admin, action="login")
    assert [e["actor"] for e in logins] == ["1001", "1003"]
    assert [e["action"] for e in entries(hall, admin, actor="1001")] == ["login"]
    assert entries(hall, admin, **{"from": "2026-03-03", "to": "2026-03-04"}) == []  # the test clock: 2 March
    assert len(entries(hall, admin, **{"from": "2026-03-02", "to": "2026-03-02"})) >= 2
    r = hall.client.get(f"{API}/audit", params={"action": "rewrite"}, headers=admin)
    assert r.status_code == 400 and "没有这种操作" in r.json()["error"]["message"]

    r = hall.client.get(f"{API}/audit", params={"format": "csv", "action": "login"}, headers=admin)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["时间", "操作人", "地址", "操作", "对象", "修改前", "修改后"]
    assert [row[1] for row in rows[1:]] == ["1001", "1003"] and rows[1][3] == "登录"
    assert rows[1][0].startswith("2026-03-02 10:00")  # in the hall's time zone
    exported = entries(hall, admin, action="export")
    assert exported[0]["subject"] == "audit" and exported[0]["after"]["action"] == "login"

    supervisor = hall.login("1002", "2222", window=None)
    assert hall.client.get(f"{API}/audit", headers=supervisor).status_code == 403
    assert hall.client.get(f"{API}/audit").status_code == 401


def test_the_audit_log_cannot_be_rewritten_or_removed(hall: HallHarness) -> None:
    admin = hall.login("1003", "3333", window=None)
    before = entries(hall, admin)
    assert before
    answers = audit_tampering(hall.db_url)
    assert answers["update"] is not None and "append-only" in answers["update"]
    assert answers["delete"] is not None and "append-only" in answers["delete"]
    assert entries(hall, admin) == before
    import server.storage.audit as repository

    assert not [name for name in vars(repository) if name.startswith(("update", "delete", "remove", "edit"))]
