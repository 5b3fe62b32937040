"""Reminders to citizens: how a message leaves the hall (SMS or webhook), and the sender that retries it.

`aliyun` signs Alibaba Cloud SMS `SendSms` requests; `webhook` posts JSON with an HMAC header; `simulator`
stands in for both on loopback; `sender` delivers what is due, with back-off, outside the queue's path.
"""

from __future__ import annotations

from .base import DeliveryFailed, Message, Notifier

__all__ = ["DeliveryFailed", "Message", "Notifier"]
