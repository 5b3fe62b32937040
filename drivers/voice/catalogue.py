"""Every clip the default pack holds: its name in announcements, its file, and what espeak-ng says for it.

Clip names are what `compose()` returns and what a manifest maps to files. Chinese clips are named by their
text ("0", "A", "请", "窗口"); English clips carry an "en/" prefix ("en/0", "en/A", "en/window").

Chinese texts are written in tone-numbered pinyin for espeak-ng's `cmn-latn-pinyin` voice, because the
characters are ambiguous to it (it reads 重呼 as zhòng hū; we need chóng hū). The hanzi column is only
for the `cmn` fallback voice, which reads Latin letters as English; homophones fix its misreadings.
"""

from __future__ import annotations

from dataclasses import dataclass

CHIME = "chime"
DIGITS = tuple("0123456789")
LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
TEN = "十"  # window numbers 10..99 are read as numbers (十二号窗口), ticket numbers digit by digit
RECALL = "重呼"

ZH_DIGITS: dict[str, tuple[str, str]] = {
    "0": ("ling2", "零"), "1": ("yi1", "一"), "2": ("er4", "二"), "3": ("san1", "三"), "4": ("si4", "四"),
    "5": ("wu3", "五"), "6": ("liu4", "六"), "7": ("qi1", "七"), "8": ("ba1", "八"), "9": ("jiu3", "九"),
}

# Letters as Chinese service halls and banks say them: the English letter name squeezed into Mandarin
# syllables (the 谐音 that staff and citizens use), not the Hanyu Pinyin alphabet names (ā, bê, cê …),
# which nobody in a hall understands. Multi-syllable names put the stress on the last syllable, as spoken.
ZH_LETTERS: dict[str, tuple[str, str]] = {
    "A": ("ei1", "诶"), "B": ("bi4", "必"), "C": ("xi1", "西"), "D": ("di4", "弟"), "E": ("yi1", "伊"),
    "F": ("ai2fu5", "艾弗"), "G": ("ji4", "计"), "H": ("ei1qi1", "诶七"), "I": ("ai4", "爱"),
    "J": ("zhei4", "借"), "K": ("kei1", "开"), "L": ("ai2lou5", "艾喽"), "M": ("ai2mu5", "艾姆"),
    "N": ("en1", "恩"), "O": ("ou1", "欧"), "P": ("pi4", "屁"), "Q": ("qiu1", "丘"), "R": ("a4er5", "阿尔"),
    "S": ("ai2si5", "艾丝"), "T": ("ti4", "替"), "U": ("you1", "优"), "V": ("wei1", "威"),
    "W": ("da2bu5liu1", "达布溜"), "X": ("ai2ke4si1", "艾克斯"), "Y": ("wai1", "歪"), "Z": ("zei2", "贼"),
}

# Words of the default template 请{number}号到{window}号窗口办理, the recall marker and ten.
ZH_WORDS: dict[str, tuple[str, str, str]] = {
    # name: (file stem, pinyin, hanzi for the fallback voice)
    "请": ("qing", "qing3", "请"),
    "号": ("hao", "hao4", "号"),
    "到": ("dao", "dao4", "到"),
    "窗口": ("chuangkou", "chuang1kou3", "窗口"),
    "办理": ("banli", "ban4li3", "办理"),
    RECALL: ("chonghu", "chong2hu1", "虫呼"),
    TEN: ("shi", "shi2", "十"),
}

EN_NUMBERS: dict[str, str] = {
    "0": "zero", "1": "one", "2": "two", "3": "three", "4": "four", "5": "five", "6": "six", "7": "seven",
    "8": "eight", "9": "nine", "10": "ten", "11": "eleven", "12": "twelve", "13": "thirteen",
    "14": "fourteen", "15": "fifteen", "16": "sixteen", "17": "seventeen", "18": "eighteen", "19": "nineteen",
    "20": "twenty", "30": "thirty", "40": "forty", "50": "fifty", "60": "sixty", "70": "seventy",
    "80": "eighty", "90": "ninety",
}

# English template "Number {number}, please go to window {window}"; the recall marker says "calling again".
EN_WORDS: dict[str, str] = {
    "number": "number", "please": "please", "go": "go", "to": "to", "window": "window", "recall": "calling again",
}
EN_RECALL = "en/recall"

# The kiosk's spoken guide (for citizens who cannot read the screen well): optional clips, so a pack made
# before they existed, or a hall's own pack without them, still loads; the kiosk then stays silent.
GUIDE_CHOOSE = "guide/choose"
GUIDE_TAKE = "guide/take"
ZH_GUIDE: dict[str, tuple[str, str, str]] = {
    GUIDE_CHOOSE: ("guide-choose", "qing3 xuan3ze2 yao4 ban4li3 de5 ye4wu4", "请选择要办理的业务"),
    GUIDE_TAKE: ("guide-take", "qing3 qu3zou3 nin2 de5 hao4piao4", "请取走您的号票"),
}
EN_GUIDE: dict[str, tuple[str, str]] = {
    GUIDE_CHOOSE: ("guide-choose", "Please choose a service."),
    GUIDE_TAKE: ("guide-take", "Please take your ticket."),
}


@dataclass(frozen=True)
class ClipSource:
    """One clip of the default pack and how the generator makes it."""

    name: str
    file: str
    language: str  # "zh", "en", or "chime" (synthesised, not spoken)
    text: str  # what the primary voice says (pinyin for Chinese)
    fallback_text: str  # what the fallback voice says (hanzi for Chinese)
    required: bool = True  # every pack of its language must hold it (the guide's clips need not)


def _sources() -> tuple[ClipSource, ...]:
    out = [ClipSource(CHIME, "chime.wav", "chime", "", "")]
    out += [ClipSource(d, f"zh/{d}.wav", "zh", py, hz) for d, (py, hz) in ZH_DIGITS.items()]
    out += [ClipSource(c, f"zh/{c}.wav", "zh", py, hz) for c, (py, hz) in ZH_LETTERS.items()]
    out += [ClipSource(w, f"zh/{stem}.wav", "zh", py, hz) for w, (stem, py, hz) in ZH_WORDS.items()]
    out += [ClipSource(f"en/{n}", f"en/{n}.wav", "en", t, t) for n, t in EN_NUMBERS.items()]
    # A lone capital is read as its letter name by espeak-ng's English voice ("A" → /eɪ/, "W" → double-u).
    out += [ClipSource(f"en/{c}", f"en/{c}.wav", "en", c, c) for c in LETTERS]
    out += [ClipSource(f"en/{w}", f"en/{w}.wav", "en", t, t) for w, t in EN_WORDS.items()]
    out += [ClipSource(n, f"zh/{stem}.wav", "zh", py, hz, required=False) for n, (stem, py, hz) in ZH_GUIDE.items()]
    out += [ClipSource(f"en/{n}", f"en/{stem}.wav", "en", t, t, required=False) for n, (stem, t) in EN_GUIDE.items()]
    return tuple(out)


SOURCES: tuple[ClipSource, ...] = _sources()

REQUIRED: dict[str, frozenset[str]] = {
    "zh": frozenset(s.name for s in SOURCES if s.language in ("zh", "chime") and s.required),
    "en": frozenset(s.name for s in SOURCES if s.language in ("en", "chime") and s.required),
}


def language_family(lang: str) -> str:
    """'zh_CN', 'zh-Hans' → 'zh'; 'en', 'en_US' → 'en'. Anything else is refused by the caller."""
    return lang.replace("-", "_").split("_")[0].lower()
