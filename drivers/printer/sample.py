"""The sample ticket used by `jiaohao print-test`, the bench and the tests."""

from __future__ import annotations

from datetime import datetime

from .record import Channel, TicketPrint


def sample_ticket(issued_at: datetime | None = None, channel: Channel = "green") -> TicketPrint:
    """A realistic 80 mm hall ticket: long Chinese checklist with full-width punctuation, green channel."""
    return TicketPrint(
        hall_name="某某市政务服务中心",
        service_name="不动产登记",
        number="A001",
        waiting_ahead=12,
        issued_at=issued_at or datetime(2024, 5, 6, 9, 15),
        track_url="https://hall.example.cn/t/8f3a2c9d1e",
        checklist=(
            "身份证原件及复印件（正反面）",
            "不动产权证书或房屋所有权证原件",
            "购房合同、完税凭证：契税发票，原件及复印件各一份。",
            "委托办理的，另需授权委托书（须公证）及受托人身份证。",
        ),
        reminders=("过号请重新取号。", "请留意叫号屏幕与语音提示，凭本票到对应窗口办理。"),
        channel=channel,
        window_hint="3号窗口",
    )
