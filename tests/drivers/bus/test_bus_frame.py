"""The FF68 frame: exact bytes with checksums worked out by hand, and a decoder that survives a noisy line."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.bus.errors import FrameError
from drivers.bus.frame import Frame, FrameDecoder, checksum, decode_frame, encode_frame

CALL_ON_1 = bytes.fromhex("FF 68 03 03 68 01 01 0C 0E 16")  # CS = 01 + 01 + 0C = 0E


def test_keypad_call_key_frame_by_hand() -> None:
    assert encode_frame(0x01, 0x01, b"\x0c") == CALL_ON_1
    assert decode_frame(CALL_ON_1) == Frame(1, 1, b"\x0c")


def test_show_number_frame_by_hand() -> None:
    # L = 8 (ADDR FUNC + six cells); CS = 05 + 02 + 0A·3 + 00 + 00 + 01 = 0x26
    raw = encode_frame(0x05, 0x02, bytes.fromhex("0A 0A 0A 00 00 01"))
    assert raw == bytes.fromhex("FF 68 08 08 68 05 02 0A 0A 0A 00 00 01 26 16")


def test_frame_without_data_and_checksum_wraparound() -> None:
    assert encode_frame(0x03, 0x03) == bytes.fromhex("FF 68 02 02 68 03 03 06 16")
    assert checksum(0xFF, 0x11, b"\xff") == 0x0F  # 0x20F mod 256


@pytest.mark.parametrize(
    "raw",
    [
        bytes.fromhex("FF 68 03 03 68 01 01 0C 0F 16"),  # checksum off by one
        bytes.fromhex("FF 68 03 03 68 01 01 0C 0E 17"),  # wrong end byte
        bytes.fromhex("FF 68 03 04 68 01 01 0C 0E 16"),  # length bytes disagree
        bytes.fromhex("FF 68 03 03 68 01 01 0C 0E"),  # cut short
        bytes.fromhex("FE 68 03 03 68 01 01 0C 0E 16"),  # not a header
    ],
)
def test_decode_frame_rejects(raw: bytes) -> None:
    with pytest.raises(FrameError):
        decode_frame(raw)


def test_frame_values_must_fit_in_bytes() -> None:
    with pytest.raises(FrameError):
        Frame(256, 1)
    with pytest.raises(FrameError):
        Frame(1, 1, bytes(254))


def test_decoder_skips_garbage_and_finds_frame_split_in_every_way() -> None:
    stream = b"\x00\x68\x16garbage" + CALL_ON_1
    for cut in range(len(stream)):
        decoder = FrameDecoder()
        assert decoder.feed(stream[:cut]) + decoder.feed(stream[cut:]) == [Frame(1, 1, b"\x0c")]


def test_decoder_resyncs_after_corrupt_checksum() -> None:
    decoder = FrameDecoder()
    corrupt = bytes.fromhex("FF 68 03 03 68 01 01 0C 0F 16")
    assert decoder.feed(corrupt + CALL_ON_1) == [Frame(1, 1, b"\x0c")]
    assert decoder.rejected == 1


def test_decoder_finds_frame_after_a_partial_one_whose_length_runs_into_it() -> None:
    # A keypad reset mid-frame: the stub claims 3 body bytes, so its "checksum" lands inside the next frame.
    decoder = FrameDecoder()
    assert decoder.feed(bytes.fromhex("FF 68 03 03 68 01") + CALL_ON_1) == [Frame(1, 1, b"\x0c")]


def test_frame_data_may_contain_the_header_bytes() -> None:
    frame = Frame(0x68, 0xFF, bytes.fromhex("FF 68 16 68 FF"))
    decoder = FrameDecoder()
    assert decoder.feed(b"\xff" + frame.encode() + b"\xff") == [frame]
    assert decoder.pending == 1  # the trailing FF may begin the next header


def test_flush_forgets_a_partial_frame_after_silence() -> None:
    decoder = FrameDecoder()
    assert decoder.feed(CALL_ON_1[:7]) == []
    assert decoder.flush() == 7
    assert decoder.feed(CALL_ON_1[7:] + CALL_ON_1) == [Frame(1, 1, b"\x0c")]


frames = st.builds(Frame, st.integers(0, 255), st.integers(0, 255), st.binary(max_size=40))


@given(st.lists(frames, max_size=8), st.data())
def test_any_chunking_of_valid_frames_round_trips(sent: list[Frame], data: st.DataObject) -> None:
    stream = b"".join(frame.encode() for frame in sent)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=10)))
    decoder = FrameDecoder()
    got: list[Frame] = []
    for start, end in zip([0, *cuts], [*cuts, len(stream)], strict=True):
        got += decoder.feed(stream[start:end])
    assert got == sent
    assert decoder.discarded == 0


# For the noisy-line property, 0xFF never appears outside a frame start: a stray FF 68 … in the noise can,
# by a 1-in-65536 chance, form a frame that checks out, and no decoder can tell that from a real one.
no_ff = st.integers(0, 0xFE)
clean_frames = st.builds(Frame, no_ff, no_ff, st.binary(max_size=12).map(lambda b: b.replace(b"\xff", b"\xfe")))
noise = st.lists(no_ff, min_size=1, max_size=20).map(bytes)


@st.composite
def noisy_line(draw: st.DrawFn) -> tuple[list[list[bytes]], list[Frame]]:
    """Segments of bytes separated by silence, and the intact frames among them."""
    segments: list[list[bytes]] = [[]]
    intact: list[Frame] = []
    for _ in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["frame", "noise", "corrupt", "partial"]))
        if kind == "noise":
            segments[-1].append(draw(noise))
            continue
        frame = draw(clean_frames)
        raw = frame.encode()
        if kind == "frame":
            segments[-1].append(raw)
            intact.append(frame)
        elif kind == "corrupt":
            position = draw(st.sampled_from([len(raw) - 2, len(raw) - 1]))  # checksum or end byte
            delta = draw(st.integers(1, 255))
            segments[-1].append(raw[:position] + bytes([(raw[position] + delta) & 0xFF]) + raw[position + 1 :])
        else:  # the device stopped mid-frame: the line goes quiet afterwards
            segments[-1].append(raw[: draw(st.integers(1, len(raw) - 1))])
            segments.append([])
    return segments, intact


@given(noisy_line(), st.data())
def test_noisy_line_yields_exactly_the_intact_frames(line: tuple[list[list[bytes]], list[Frame]],
                                                    data: st.DataObject) -> None:
    segments, intact = line
    decoder = FrameDecoder()
    got: list[Frame] = []
    for segment in segments:
        stream = b"".join(segment)
        cuts = sorted(data.draw(st.lists(st.integers(0, len(stream)), max_size=6)))
        for start, end in zip([0, *cuts], [*cuts, len(stream)], strict=True):
            got += decoder.feed(stream[start:end])
        decoder.flush()
    assert got == intact
