"""A hall that takes bookings: the all-day test hall with SVC_A bookable in half-hours on working days, a
holiday calendar around Monday 2 March 2026 (tests.support.hall.MORNING), and reminders when asked for."""

from __future__ import annotations

from pathlib import Path

from .hall import HallFile, write_hall_file

# 2026-03-03 (Tuesday) a holiday, 2026-03-07 (Saturday) a make-up working day.
HOLIDAY = "2026-03-03"
MAKE_UP_SATURDAY = "2026-03-07"
SMS_KEY_ID = "testId"
SMS_SECRET = "sim-sms-secret"
WEBHOOK_SECRET = "sim-webhook-secret"


def write_booking_hall(
    folder: Path,
    *,
    capacity: int = 5,
    reminders: str = "off",
    notify_url: str = "",
    policy: dict[str, str] | None = None,
) -> HallFile:
    base = {"appointment_fallback_normal": "false"}
    hall = write_hall_file(folder, prefix="booking-test", policy={**base, **(policy or {})})
    text = hall.path.read_text(encoding="utf-8")
    text = text.replace(
        'code = "SVC_A"\n',
        f'code = "SVC_A"\nbooking_capacity = {capacity}\nbooking_slot_min = 30\n',
        1,
    )
    text = _service_hours(text, "SVC_A", '["09:00-12:00", "13:30-17:00"]', "[1, 2, 3, 4, 5]")
    text += f"\n[calendar]\nholidays = [{HOLIDAY}]\nworkdays = [{MAKE_UP_SATURDAY}]\n"
    if reminders != "off":
        url = notify_url + ("/sms" if reminders == "aliyun_sms" else "/webhook")
        text += (
            f'\n[reminders]\nchannel = "{reminders}"\nurl = "{url}"\nsign_name = "示范市政务服务"\n'
            'templates = { confirmed = "SMS_1001", day_before = "SMS_1002", near = "SMS_1003", called = "SMS_1004" }\n'
            "retry_after_s = 30\nmax_attempts = 4\n"
        )
    hall.path.write_text(text, encoding="utf-8")
    return hall


def reminder_env(reminders: str) -> dict[str, str]:
    """The secrets a server with these reminders needs, as its environment gives them."""
    if reminders == "aliyun_sms":
        return {"JIAOHAO_SMS_ACCESS_KEY_ID": SMS_KEY_ID, "JIAOHAO_SMS_ACCESS_KEY_SECRET": SMS_SECRET}
    if reminders == "webhook":
        return {"JIAOHAO_WEBHOOK_SECRET": WEBHOOK_SECRET}
    return {}


def _service_hours(text: str, code: str, hours: str, weekdays: str) -> str:
    start = text.index(f'code = "{code}"')
    for key, value in (("hours", hours), ("weekdays", weekdays)):
        line = text.index(f"\n{key} = ", start) + 1
        end = text.index("\n", line)
        text = text[:line] + f"{key} = {value}" + text[end:]
    return text
