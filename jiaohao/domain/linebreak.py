"""Where a line of Chinese or English may break, for the kiosk's labels and the printed ticket.

Chinese has no spaces, and the usual rule (and Qt's) breaks between any two characters: "约 24 分/钟",
"4/号综合窗口", a lone "询" on the last line. Here text is cut into *segments* that must stay whole: a Latin
word or a number with its unit ("24 分钟", "4号", "A012", "09:15"), a Chinese word from a small lexicon of
the hall's words (the hall file's names add to it), anything joined by a no-break space; closing punctuation
sticks to what it closes, opening punctuation to what it opens. A line breaks only between segments.

`keep_together` hands the same decision to Qt: it puts WORD JOINER (U+2060) inside every segment, which Qt's
line breaker (Unicode UAX #14) never breaks at, and which draws nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

WORD_JOINER = "\u2060"
NBSP = "\u00a0"

# Characters a line should not start with (避头点) and should not end with (避尾点).
CLOSING = set("，。、；：？！）》」』】”’,.;:?!)%·")  # "·" ends "等候 4 人 ·", never starts a line
OPENING = set("（《「『【“‘(")

# A number (or ticket number, time, range) with the unit that follows it, possibly after one space.
_UNITS = "号窗口|号专窗|分钟|小时|号|人|年|月|日|周|岁|元|项|个|张|份|楼|层|天|min"
_NUMBER = re.compile(
    rf"[第约]?[A-Za-z0-9][A-Za-z0-9'’:./–\-]*(?:[ {NBSP}]?(?:{_UNITS})(?![A-Za-z]))?"
)
_LATIN = re.compile(r"[A-Za-z0-9'’:./–\-]+")

# Words of the hall's own sentences: the greedy longest match keeps them whole. Not a dictionary of Chinese,
# just the words the kiosk, the ticket and the screens use; the hall file's names are added per call.
_WORDS = """
    请选择 选择 要办理的 办理的 办理 业务 窗口 综合窗口 专窗 等候 等候区 预计 前面 还有 没有 人等候 分钟 取号 号票 号码
    预约 签到 预约码 预约签到 输入 身份证 手机号 手机 扫码 查看 排队 进度 叫号 留意 语音 广播 叫号屏 屏幕 就座 完成
    返回 首页 打印 打印机 缺纸 未能 绿色通道 老年人 残疾人 孕妇 军人 暂停 服务 暂停服务 未开放 不动产 登记 社保 医保
    参保 报销 证件 补办 咨询 高新技术 企业 认定 材料 备齐 一次性 告知 以下 请到 重新 过号 大字模式 标准字号 中文 政务
    服务中心 示范市 评价 评价器 办结 工作时间 周一 周五 周六 法定 节假日 除外 照常 申请 申请书 申请表 原件 复印件
    营业执照 副本 加盖 公章 取走 您的 随时 拍照 记下 成功 正在 离线 无应答 可能 请用 自助 取号机 点击 按钮 下方
    正在办理 请稍候 号源 已取完 不在 时间 今日 今天 明天 上午 下午 大厅 测试 业务A 业务B 业务C 通道 优先 作出 对本次
    缺件 将无法 当场 受理 可走 导办台 向导 带好 请携带 携带 请在 请勿 离开 稍候 或者 或 以及 社会保障卡 社会 保障卡
    电子凭证 凭证 发票 明细 清单 出院 小结 门诊 病历 诊断 证明 异地 就医 备案表 银行卡 账户 会计 年度 财务 报告
    审计 知识产权 证书 专利 软件 著作权 研发 费用 专项 产品 收入 科技 人员 名单 缴纳 户口簿 临时 近期 免冠 彩色
    证件照 两张 白底 遗失 声明 登报 网上 公告 原证件 如有 现场 领取 合同 购房 赠与 权属 来源 契税 完税 婚姻 关系
    结婚证 离婚证 单身 委托 公证 授权 委托书 受托人 参保人 经办人 单位 介绍信 劳动 用工 登记表 上班族 方便 预计等候
    """
LEXICON = frozenset(_WORDS.split())
_LONGEST = max(len(w) for w in LEXICON)


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _words(run: str, lexicon: frozenset[str]) -> list[str]:
    """A run of Chinese characters cut greedily into the longest known words; unknown characters alone."""
    longest = max(_LONGEST, max((len(w) for w in lexicon), default=0))
    out: list[str] = []
    i = 0
    while i < len(run):
        for size in range(min(longest, len(run) - i), 0, -1):
            piece = run[i : i + size]
            if size == 1 or piece in lexicon or piece in LEXICON:
                out.append(piece)
                i += size
                break
    return out


def segments(text: str, words: Iterable[str] = ()) -> list[str]:
    """`text` cut into the pieces a line may break between; spaces are pieces of their own."""
    lexicon = frozenset(words)
    raw: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        number = _NUMBER.match(text, i) if not _is_cjk(ch) or ch in "第约" else None
        if number and number.end() > i + (1 if ch in "第约" else 0):
            raw.append(number.group())
            i = number.end()
        elif _is_cjk(ch):
            end = i
            while end < len(text) and _is_cjk(text[end]):
                end += 1
            # A number inside the run ends it: "请到4号窗口" → 请到 | 4号窗口.
            raw.extend(_words(text[i:end], lexicon))
            i = end
        elif ch == " " or ch == "\n":
            raw.append(ch)
            i += 1
        else:
            latin = _LATIN.match(text, i)
            if latin:
                raw.append(latin.group())
                i = latin.end()
            else:
                raw.append(ch)
                i += 1
    return _glue(raw)


def _glue(raw: list[str]) -> list[str]:
    """Punctuation to its word; a no-break space joins its neighbours."""
    out: list[str] = []
    pending_open = ""
    join_next = False
    for piece in raw:
        if piece in OPENING:
            pending_open += piece
            continue
        piece = pending_open + piece
        pending_open = ""
        if piece[0] in CLOSING and len(out) > 1 and out[-1] == " ":
            out.pop()
            out[-1] += " " + piece  # "人 ·": the dot stays with the words before it, space and all
        elif out and (join_next or piece[0] in CLOSING or piece.startswith(NBSP)):
            out[-1] += piece
        else:
            out.append(piece)
        join_next = piece.endswith(NBSP)
    if pending_open:
        out.append(pending_open)
    return out


def keep_together(text: str, words: Iterable[str] = ()) -> str:
    """`text` with WORD JOINER inside each segment, so Qt breaks it only between segments (a space inside
    one, as in "24 分钟", becomes a no-break space: Qt breaks after a space even next to a joiner)."""
    return "".join(
        piece if piece.isspace() or len(piece) == 1 else WORD_JOINER.join(piece.replace(" ", NBSP))
        for piece in segments(text, words)
    )


def wrap_segments(
    text: str, width: int, measure: Callable[[str], int], indent: str = "", words: Iterable[str] = ()
) -> list[str]:
    """Greedy wrap by segments to `width` (in `measure`'s units); a segment wider than a line is cut by
    characters. The last line never holds a single Chinese character alone: the word before comes down too."""
    lines: list[list[str]] = [[]]
    used = 0
    for piece in segments(text, words):
        if piece == "\n":
            lines.append([indent] if indent else [])
            used = measure(indent)
            continue
        size = measure(piece)
        if used + size > width and any(p.strip() for p in lines[-1]):
            if piece.isspace():
                lines.append([indent] if indent else [])
                used = measure(indent)
                continue
            lines.append([indent] if indent else [])
            used = measure(indent)
        if used + size > width:  # longer than a whole line: cut it by characters
            for ch in piece:
                if used + measure(ch) > width and any(p.strip() for p in lines[-1]):
                    lines.append([indent] if indent else [])
                    used = measure(indent)
                lines[-1].append(ch)
                used += measure(ch)
            continue
        lines[-1].append(piece)
        used += size
    _no_orphan(lines, width, measure, indent)
    return ["".join(line).rstrip() for line in lines if "".join(line).strip()]


def _no_orphan(lines: list[list[str]], width: int, measure: Callable[[str], int], indent: str) -> None:
    if len(lines) < 2:
        return
    last = "".join(lines[-1]).strip()
    bare = "".join(ch for ch in last if ch not in CLOSING)
    before = [p for p in lines[-2] if p != indent]
    if len(bare) == 1 and _is_cjk(bare) and len(before) > 1:
        moved = lines[-2].pop()
        while lines[-2] and lines[-2][-1].isspace():
            lines[-2].pop()
        body = [p for p in lines[-1] if p != indent]
        candidate = [indent, moved, *body] if indent else [moved, *body]
        if measure("".join(candidate)) <= width:
            lines[-1] = candidate
        else:
            lines[-2].append(moved)
