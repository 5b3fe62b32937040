"""The reminder channels by themselves: the Alibaba Cloud SMS signature against its documentation's worked
example, the webhook's HMAC, and the simulator refusing what the real receivers would refuse."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from server.notify import DeliveryFailed, Message
from server.notify.aliyun import AliyunSms, canonical_query, percent_encode, signature, string_to_sign
from server.notify.simulator import NotifySimulator
from server.notify.webhook import Webhook, sign, verify

# The worked example of Alibaba Cloud SMS's signature documentation (短信服务 签名机制, SendSms, GET).
DOC_PARAMS = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}


def test_the_sms_signature_matches_the_documentation_example() -> None:
    assert string_to_sign("GET", DOC_PARAMS).startswith(
        "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001"
        "%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF%25E9%2587%258C"
    )
    assert signature("GET", DOC_PARAMS, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="
    assert signature("GET", {**DOC_PARAMS, "Signature": "ignored"}, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="
    assert "TemplateParam=%7B%22customer%22%3A%22test%22%7D" in canonical_query(DOC_PARAMS)
    assert (percent_encode("a b*~"), percent_encode("派")) == ("a%20b%2A~", "%E6%B4%BE")


def test_the_webhook_signature_is_hmac_sha256_of_the_body() -> None:
    header = sign("s3cret", b'{"kind":"called"}')
    assert header == "sha256=" + hmac.new(b"s3cret", b'{"kind":"called"}', hashlib.sha256).hexdigest()
    assert verify("s3cret", b'{"kind":"called"}', header)
    assert not verify("other", b'{"kind":"called"}', header)
    assert not verify("s3cret", b'{"kind":"near"}', header)


@pytest.fixture
def simulator() -> Iterator[NotifySimulator]:
    sim = NotifySimulator(sms_secret="right", webhook_secret="right").start()
    yield sim
    sim.close()


MESSAGE = Message(id=7, kind="called", phone="13912345678", params={"number": "A012", "window": "3"}, text="请 A012")


def sms(url: str, secret: str, templates: dict[str, str] | None = None) -> AliyunSms:
    return AliyunSms(
        access_key_id="testId",
        access_key_secret=secret,
        sign_name="示范市政务服务",
        templates={"called": "SMS_1004"} if templates is None else templates,
        endpoint=f"{url}/sms",
        now=lambda: datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
    )


def test_the_simulator_takes_only_correctly_signed_requests(simulator: NotifySimulator) -> None:
    sms(simulator.url, "right").send(MESSAGE)
    with pytest.raises(DeliveryFailed, match="SignatureDoesNotMatch"):
        sms(simulator.url, "wrong").send(MESSAGE)
    with pytest.raises(DeliveryFailed, match="没有为 called 配置短信模板"):
        sms(simulator.url, "right", templates={}).send(MESSAGE)
    Webhook(f"{simulator.url}/webhook", "right").send(MESSAGE)
    with pytest.raises(DeliveryFailed, match="HTTP 401"):
        Webhook(f"{simulator.url}/webhook", "wrong").send(MESSAGE)
    got = [(m.channel, m.ok, m.kind_or_template, m.params) for m in simulator.wait_for(4)]
    assert got == [
        ("sms", True, "SMS_1004", {"number": "A012", "window": "3"}),
        ("sms", False, "SMS_1004", {"number": "A012", "window": "3"}),
        ("webhook", True, "called", {"number": "A012", "window": "3"}),
        ("webhook", False, "", {}),
    ]


def test_an_unreachable_provider_is_a_delivery_failure_not_a_crash() -> None:
    with pytest.raises(DeliveryFailed, match="无法连接"):
        sms("http://127.0.0.1:9", "right").send(MESSAGE)
