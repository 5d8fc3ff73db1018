"""English–Chinese pairs in a brief: find every Chinese run, then the English it glosses or is glossed by.

Patterns: ``English (中文)``, ``English (中文, ABBR)``, ``“English” (ABBR, 中文)``, ``中文 (English)``,
``English 中文`` inside a note's title, ``"Title" [中文]``, ``《中文》``, full-width ``（）``. The
English side's left edge comes from the text's own signals (quotes, italics, a run of capitalised
words) and, for lower-case glosses, from alignment with the Chinese through a small morpheme
lexicon and pinyin (``covered``), never from a fixed word count.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from briefparse.records import Document, Endnote
from briefparse.segments import Segmentation
from briefparse.text.normalize import HAN, is_han, syllables, zh_match_key

# Chinese morpheme → English words (lower case, singular) it is commonly rendered by
LEXICON: dict[str, tuple[str, ...]] = {
    "中国": ("china", "chinese", "sino"),
    "中华": ("china", "chinese"),
    "国家": ("national", "state", "nation", "country"),
    "全国": ("national", "nationwide", "all-china"),
    "国": ("national", "state", "nation", "country"),
    "科技": ("s&t", "science", "technology", "scientific", "technological", "sci-tech"),
    "科学": ("science", "scientific"),
    "技术": ("technology", "technological", "technical", "tech"),
    "创新": ("innovation", "innovative"),
    "驱动": ("driven", "drive", "driving"),
    "部": ("ministry", "ministerial", "department"),
    "省": ("province", "provincial"),
    "市": ("city", "municipal", "municipality"),
    "县": ("county",),
    "区": ("district", "zone", "region", "area"),
    "联动": ("joint", "linkage", "link", "linked", "coordination"),
    "联合": ("joint", "united", "union"),
    "新型": ("new-style", "new", "type", "novel"),
    "举国": ("whole-of-nation", "nation", "national", "whole"),
    "体制": ("system", "regime", "institution"),
    "体系": ("system",),
    "制度": ("system", "institution", "institutional"),
    "自立": ("self-sufficiency", "self-reliance", "self-reliant", "independence"),
    "自强": ("self-empowerment", "self-strengthening", "self-improvement", "strength"),
    "自主": ("independent", "indigenous", "self-reliant", "autonomous"),
    "产": ("industry", "industrial", "production", "enterprise"),
    "学": ("university", "academia", "academic", "study", "learning"),
    "研": ("research",),
    "年鉴": ("yearbook",),
    "统计": ("statistics", "statistical"),
    "局": ("bureau", "administration"),
    "委员会": ("commission", "committee"),
    "委": ("commission", "committee"),
    "中心": ("center", "centre"),
    "研究": ("research", "study", "studies"),
    "发展": ("development", "develop"),
    "战略": ("strategy", "strategic"),
    "计划": ("plan", "program", "programme", "planning"),
    "规划": ("plan", "planning", "program"),
    "重点": ("key", "priority", "major"),
    "重大": ("major", "significant"),
    "专项": ("special", "project", "dedicated"),
    "项目": ("project", "program"),
    "基金": ("fund", "foundation"),
    "引导": ("guidance", "guide", "guiding"),
    "集团": ("group",),
    "公司": ("company", "corporation", "co"),
    "有限": ("limited", "ltd"),
    "大学": ("university",),
    "学院": ("college", "institute", "academy", "school"),
    "研究院": ("institute", "academy"),
    "研究所": ("institute",),
    "科学院": ("academy",),
    "实验室": ("laboratory", "lab"),
    "政府": ("government",),
    "中央": ("central", "centre", "center"),
    "地方": ("local", "locality", "subnational"),
    "央地": ("central-local", "central", "local"),
    "人民": ("people", "people's", "popular"),
    "共和国": ("republic",),
    "日报": ("daily",),
    "新闻": ("news",),
    "网": ("net", "network", "online", "web"),
    "社": ("agency", "press", "society"),
    "办法": ("measures", "method", "rules"),
    "管理": ("management", "administration", "administrative"),
    "通知": ("notice", "circular"),
    "决定": ("decision",),
    "意见": ("opinions", "opinion", "guidelines", "comments"),
    "改革": ("reform",),
    "经济": ("economy", "economic"),
    "社会": ("social", "society", "socialist"),
    "工业": ("industry", "industrial"),
    "产业": ("industry", "industrial"),
    "数据": ("data",),
    "资金": ("funds", "funding", "capital"),
    "投资": ("investment", "investing", "investor"),
    "财政": ("fiscal", "finance", "financial"),
    "高质量": ("high-quality", "quality"),
    "高": ("high", "advanced"),
    "双": ("dual", "double", "two"),
    "循环": ("circulation", "cycle"),
    "制造": ("manufacturing", "made", "manufacture"),
    "平台": ("platform",),
    "园区": ("park", "zone"),
    "城市": ("city", "urban"),
    "成果": ("achievement", "result", "outcome"),
    "转化": ("transformation", "transfer", "commercialization", "conversion"),
    "示范": ("demonstration", "pilot", "model"),
    "试点": ("pilot", "trial"),
    "开放": ("opening", "open"),
    "安全": ("security", "safety"),
    "人才": ("talent", "talents"),
    "工程": ("engineering", "project", "program"),
    "办公室": ("office",),
    "厅": ("office", "department"),
    "处": ("office", "department", "division"),
    "协会": ("association",),
    "银行": ("bank",),
    "新华": ("xinhua",),
    "合作": ("cooperation", "collaboration", "partnership"),
    "协同": ("collaborative", "coordinated", "synergy"),
    "攻关": ("breakthrough", "tackling", "research"),
    "核心": ("core",),
    "关键": ("key", "critical"),
    "领域": ("field", "domain", "area", "sector"),
    "农业": ("agriculture", "agricultural"),
    "农村": ("rural",),
    "会议": ("conference", "meeting"),
    "工作": ("work", "working"),
    "年": ("year", "annual"),
    "联邦": ("federalism", "federal"),
    "竞争": ("competition",),
}

_WORD = re.compile(r"[A-Za-z][A-Za-z&'’\-]*")


@lru_cache(maxsize=4096)
def glosses(zh: str) -> frozenset[str]:
    """English words that may render some part of ``zh``: lexicon entries plus pinyin spellings."""
    key = zh_match_key(zh)
    words: set[str] = set()
    for k, vals in LEXICON.items():
        if k in key:
            words.update(vals)
    syl = [r[0] for r in syllables(key) if r]
    for i in range(len(syl)):
        for j in range(i + 1, min(len(syl), i + 4) + 1):
            words.add("".join(syl[i:j]))
    return frozenset(words)


def _stem(w: str) -> str:
    w = w.lower().replace("’", "'")
    w = re.sub(r"'s$", "", w)
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def covered(word: str, zh: str) -> bool:
    """True if the English ``word`` plausibly translates part of ``zh``."""
    g = glosses(zh)
    w = word.strip("\"“”'‘’*.,;:()").lower().replace("’", "'")
    if not w:
        return False
    cands = {w, _stem(w), re.sub(r"'s$", "", w)}
    if "-" in w:
        parts = [p for p in w.split("-") if p]
        if parts and all(p in g or _stem(p) in g for p in parts):
            return True
        cands.update(parts[-1:])
    return any(c in g for c in cands)


def coverage(english: str, zh: str) -> float:
    """Share of the English content words that the lexicon aligns with ``zh``."""
    words = [w for w in _WORD.findall(english) if w.lower() not in FUNCTION_WORDS]
    if not words:
        return 0.0
    return sum(covered(w, zh) for w in words) / len(words)


FUNCTION_WORDS = frozenset({
    "the", "a", "an", "of", "and", "or", "for", "on", "in", "to", "at", "by", "with", "from", "as", "its",
})


# ---------------------------------------------------------------- reading units

CALL_RE = re.compile(r"(?:[⁰¹²³⁴⁵⁶⁷⁸⁹]+(?:[,，‚]\s?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)*|\^\{[^{}\n]{1,40}\}|\^\d{1,4}|\[\d{1,3}(?:[,–\-]\s?\d{1,3})*\])")
_NOTE_LABEL = re.compile(r"\s*\[?(\d{1,4})[.)\]]?\s+")
SKIP_KINDS = {"furniture", "notes_heading"}


@dataclass(frozen=True)
class Unit:
    """A block as the term finder reads it: content span (note label skipped) and where it is."""

    start: int
    end: int
    kind: str
    where: str  # body | endnote N | back_matter
    note: int | None = None


@dataclass
class PairHit:
    """One occurrence of an English–Chinese pair before deduplication."""

    en: str
    zh: str
    abbr: str | None
    type: str
    where: str
    start: int
    end: int
    pattern: str


def note_number_at(offset: int, endnotes: list[Endnote]) -> int | None:
    """The parsed endnote holding ``offset``, if the endnotes stage gave spans."""
    for n in endnotes:
        if n.start <= offset < max(n.end, n.start + 1):
            return n.n
    return None


def reading_units(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> list[Unit]:
    """Every block as a Unit, with ``endnote N`` for notes (label from the text or the endnotes)."""
    units: list[Unit] = []
    text = doc.text
    for b in seg.blocks:
        if b.kind in SKIP_KINDS or b.end <= b.start:
            continue
        region = seg.regions.where(b.start)
        start, note = b.start, None
        if region == "endnote" or b.kind in ("note", "footnote"):
            m = _NOTE_LABEL.match(text, b.start, b.end)
            if m and b.kind in ("note", "footnote"):
                note, start = int(m.group(1)), m.end()
            if note is None:
                note = note_number_at(b.start, endnotes)
            where = f"endnote {note}" if note is not None else "endnote"
        else:
            where = "back_matter" if region == "back_matter" else "body"
        units.append(Unit(start, b.end, b.kind, where, note))
    return units


# ---------------------------------------------------------------- Chinese runs

_BRIDGE = set(" \t0123456789\"“”'‘’()（）《》「」『』〈〉【】、，：；·—–-%.")
_OPENERS = set("《「『〈【“\"‘")
_CLOSERS = {"》": "《", "」": "「", "』": "『", "〉": "〈", "】": "【", "”": "“", "’": "‘", "）": "（", ")": "("}
_HAN_RE = re.compile(f"[{HAN}]")


def zh_runs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Maximal spans of Chinese in ``text[lo:hi]``, bridging spaces, digits and quotes between characters."""
    runs: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        m = _HAN_RE.search(text, i, hi)
        if not m:
            break
        s = m.start()
        # openers and digits glued to the first character belong to the run
        while s > lo and (text[s - 1] in _OPENERS or text[s - 1].isdigit()) and not text[s - 1].isspace():
            if text[s - 1] in "\"“‘" and s - 2 >= lo and text[s - 2].isalnum():
                break
            s -= 1
        e = m.end()
        while e < hi:
            # walk over a bridge and see whether a Chinese character follows it
            j = e
            spaced = False
            while j < hi and (text[j] in _BRIDGE or (text[j].isascii() and text[j].isalpha())) and not is_han(text[j]):
                if text[j].isspace():
                    spaced = True
                if text[j] == "." and not (j + 1 < hi and text[j + 1].isdigit()):
                    break
                if text[j].isascii() and text[j].isalpha() and spaced:
                    break
                j += 1
            if j < hi and is_han(text[j]) and j - e <= 12:
                e = j + 1
                continue
            break
        # closing marks right after the last character, when they close something opened in the run
        while e < hi and text[e] in _CLOSERS or (e < hi and text[e] == '"' and text.count('"', s, e) % 2 == 1):
            opener = _CLOSERS.get(text[e], '"')
            if text[e] != '"' and text.count(opener, s, e) <= text.count(text[e], s, e):
                break
            e += 1
        while e < hi and text[e].isdigit():
            e += 1
        runs.append((s, e))
        i = e
    return runs


def clean_zh(zh: str) -> str:
    """The Chinese side as printed, minus unbalanced outer quotes and wrapping 《》 marks."""
    z = zh.strip()
    for _ in range(3):
        if z.count('"') % 2 == 1:
            if z.endswith('"'):
                z = z[:-1].rstrip()
            elif z.startswith('"'):
                z = z[1:].lstrip()
        if z.startswith("“") and "”" not in z:
            z = z[1:].lstrip()
        if z.endswith("”") and "“" not in z:
            z = z[:-1].rstrip()
    if z.startswith("《") and z.endswith("》") and z.count("《") == 1:
        z = z[1:-1].strip()
    return z


# ---------------------------------------------------------------- the English side

CONNECTORS = {"of", "the", "and", "for", "on", "in", "to", "&", "de", "du", "la", "und", "des"}
SENTENCE_WORDS = {
    "In", "On", "At", "By", "For", "From", "Under", "With", "Meanwhile", "Moreover", "However", "Also", "Then",
    "This", "These", "That", "Those", "Its", "Their", "His", "Her", "Our", "When", "While", "As", "After",
    "Before", "Since", "Both", "Each", "According", "Thus", "Hence", "Yet", "But", "And", "Or", "If", "Although",
    "Through", "Via", "Called", "Known", "Dubbed", "Termed", "Named", "See", "Cf", "Source", "Sources", "A", "An",
}
LEFT_STOP = {
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my", "your",
    "through", "by", "with", "from", "to", "in", "on", "at", "as", "is", "are", "was", "were", "be", "been",
    "being", "called", "so-called", "known", "named", "termed", "dubbed", "which", "who", "into", "via",
    "under", "about", "of", "for", "and", "or", "but", "has", "have", "had", "it", "they", "we", "i", "he", "she",
    "launched", "launch", "establish", "established", "promote", "promoted", "promoting", "use", "used", "uses",
    "what", "also", "such", "namely", "i.e.", "e.g.", "including",
}
_ABBR_DOTTED = re.compile(r"^(?:[A-Z]\.){2,}$|^(?:Co|Ltd|Inc|Corp|St|Dr|Jr|Sr)\.$")
_TERMINAL = re.compile(r"[.!?:;\"”)\]]\s*$")


def strip_calls(s: str) -> str:
    """Remove note calls (superscripts, ``^{…}``) from a span."""
    return CALL_RE.sub("", s)


def _rstrip_calls(text: str, lo: int, p: int) -> int:
    """Move ``p`` left over spaces and note calls glued before it."""
    while p > lo:
        q = p
        while q > lo and text[q - 1].isspace():
            q -= 1
        m = None
        for m2 in CALL_RE.finditer(text, max(lo, q - 45), q):
            if m2.end() == q:
                m = m2
        if m is not None:
            p = m.start()
            continue
        return q
    return p


def quoted_before(text: str, lo: int, p: int) -> tuple[str, int] | None:
    """Content of a quotation or *italic* ending right before ``p``: (content, content start)."""
    e = _rstrip_calls(text, lo, p)
    if e <= lo:
        return None
    close = text[e - 1]
    opener = {"”": "“", '"': '"', "*": "*", "’": "‘", "」": "「", "》": "《"}.get(close)
    if opener is None:
        return None
    o = text.rfind(opener, lo, e - 1)
    if o < 0:
        return None
    content = text[o + 1:e - 1]
    if not re.search(r"[A-Za-z]{2}", content) or _HAN_RE.search(content) or len(content) > 400:
        return None
    content = re.sub(r"[,.;:]+$", "", content.strip())
    return (content, o + 1) if content else None


def _tokens(text: str, lo: int, hi: int) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text[lo:hi])]


def capitalised_run(text: str, lo: int, p: int) -> tuple[str, int, bool] | None:
    """The run of capitalised words (joined by of/the/and…) ending before ``p``.

    Returns (english, start, reached_lo): ``reached_lo`` says the run ran into the block start,
    so it may continue at the end of a block split from this one.
    """
    e = _rstrip_calls(text, lo, p)
    toks = _tokens(text, lo, e)
    picked: list[tuple[int, int, str]] = []
    reached = True
    for k in range(len(toks) - 1, -1, -1):
        a, b, tok = toks[k]
        core = tok.strip("*")
        if k < len(toks) - 1 or core != tok:
            if re.search(r"[,;:!?)\]”\"’]$", core) or (core.endswith(".") and not _ABBR_DOTTED.match(core)):
                reached = False
                break
        elif core.endswith(".") and not _ABBR_DOTTED.match(core):
            reached = False
            break
        lead = len(core) - len(core.lstrip("\"“‘([*"))
        word = core[lead:]
        if not word:
            reached = False
            break
        if word[0].isupper() or word[0].isdigit() or word in CONNECTORS:
            picked.append((lo + a + (tok.find(core) + lead), lo + b, word))
            if lead:
                reached = False
                break
            continue
        reached = False
        break
    picked.reverse()
    while picked and (picked[0][2] in CONNECTORS or picked[0][2] in SENTENCE_WORDS or picked[0][2].isdigit()):
        picked.pop(0)
    if not picked or not any(w[0].isupper() for _, _, w in picked):
        return None
    start = picked[0][0]
    en = text[start:picked[-1][1]]
    return strip_calls(en).strip("*"), start, reached and picked[0][0] == lo + toks[0][0] if toks else False


def lowercase_gloss(text: str, lo: int, p: int, zh: str) -> tuple[str, int] | None:
    """A lower-case English gloss before ``p``, its left edge found by alignment with ``zh``."""
    e = _rstrip_calls(text, lo, p)
    toks = _tokens(text, lo, e)
    n_han = len(_HAN_RE.findall(zh))
    budget = max(1, (n_han + 1) // 2)
    picked: list[tuple[int, int, str]] = []
    content = 0
    for k in range(len(toks) - 1, -1, -1):
        a, b, tok = toks[k]
        word = tok.strip("\"“”‘’*")
        if k < len(toks) - 1 and re.search(r"[,;:.!?)\]]$", tok):
            break
        if not word or not re.match(r"^[A-Za-z][A-Za-z&'’\-]*$", word):
            break
        low = word.lower()
        if covered(word, zh):
            picked.append((lo + a, lo + b, word))
            content += 1
        elif low in ("and", "of") and picked:
            picked.append((lo + a, lo + b, word))
        elif low not in LEFT_STOP and content < budget and word.islower():
            picked.append((lo + a, lo + b, word))
            content += 1
        else:
            break
        if tok[0] in "\"“‘":
            break
    picked.reverse()
    while picked and picked[0][2].lower() in ("and", "of"):
        picked.pop(0)
    if not picked:
        return None
    start = picked[0][0]
    return strip_calls(text[start:picked[-1][1]]).strip("\"“”‘’*"), start


def extend_covered(text: str, lo: int, start: int, zh: str) -> int:
    """Move a span's left edge over words that the Chinese translates (``China's national | S&T Yearbooks``)."""
    toks = _tokens(text, lo, start)
    new = start
    for k in range(len(toks) - 1, -1, -1):
        a, _b, tok = toks[k]
        if not re.fullmatch(r"[A-Za-z][A-Za-z&'’\-]*", tok) or tok.lower() in LEFT_STOP or not covered(tok, zh):
            break
        new = lo + a
    return new


def quoted_then_words(text: str, lo: int, p: int, zh: str) -> tuple[str, int] | None:
    """``"Quoted phrase" collaborations (中文)``: the quoted phrase, plus trailing words the Chinese covers."""
    e = _rstrip_calls(text, lo, p)
    m = re.search(r"[“\"]([^“”\"\n]{2,200})[”\"]\s+((?:[a-z][\w\-]*\s+)?[a-z][\w\-]*)$", text[lo:e])
    if not m:
        return None
    q = re.sub(r"[,.;:]+$", "", m.group(1).strip())
    words = m.group(2).split()
    if words and all(covered(w, zh) for w in words) and coverage(q, zh) < 1.0:
        q = q + " " + " ".join(words)
    return q, lo + m.start(1)


def trim_english(en: str, zh: str, body: bool) -> str:
    """Drop leading sentence words, uncovered possessives and (in the body) a leading 'The'."""
    toks = en.split()
    while len(toks) > 1 and (toks[0] in SENTENCE_WORDS or (body and toks[0] in ("The", "the"))):
        toks.pop(0)
    while len(toks) > 1 and re.search(r"['’]s$", toks[0]) and not covered(toks[0], zh):
        toks.pop(0)
    return " ".join(toks)


def balance_title(en: str) -> str:
    """A title as printed between its quotes, stray closing quotes dropped (``Fund""`` → ``Fund``)."""
    t = en.strip().strip("*").strip()
    if t[:1] in "\"“":
        t = t[1:]
    t = t.rstrip()
    for _ in range(3):
        if t.count('"') % 2 == 1 and t.endswith('"'):
            t = t[:-1].rstrip()
        elif t.endswith('""'):
            t = t[:-2].rstrip()
        elif t.endswith("”") and t.count("“") < t.count("”"):
            t = t[:-1].rstrip()
        t = re.sub(r"[,.;:/|]+$", "", t).rstrip()
    return t




def title_before(text: str, lo: int, run_start: int) -> tuple[str, int] | None:
    """The English title printed before a Chinese title inside a note (``"English 中文,"``)."""
    region = text[lo:run_start]
    opens = [m.start() for m in re.finditer(r"[\"“]", region)
             if m.start() == 0 or re.search(r"(?:[,.;:]\s|\bin\s|[(\[]|^\s*)$", region[:m.start()])]
    if opens:
        left = opens[-1]
    else:
        cuts = [m.end() for m in re.finditer(r"[,.;:]\s|\)\s*,?\s", region)]
        left = cuts[-1] if cuts else 0
    raw = region[left:]
    if not re.search(r"[A-Za-z]{2}", raw):
        return None
    en = balance_title(strip_calls(raw))
    if not re.search(r"[A-Za-z]{2}", en):
        return None
    return en, lo + left + (1 if raw[:1] in "\"“" else 0)


# ---------------------------------------------------------------- types

ORG_SUFFIX = ("公司", "集团", "大学", "学院", "研究院", "研究所", "委员会", "部", "局", "厅", "处", "中心", "银行",
              "实验室", "办公室", "协会", "政府", "院", "署", "委", "办", "所", "组", "联盟")
OUTLET_ZH = ("日报", "晚报", "时报", "新闻", "新闻社", "通讯社", "杂志", "电视台", "报", "社")
OUTLET_EN = {"daily", "news", "net", "agency", "times", "post", "magazine", "online", "paper", "weekly", "review",
             "herald", "tribune", "press", "observer", "gazette", "network", "tv", "television", "radio"}
_DATA_CUE = re.compile(r"\b(?:data\s+(?:source|sources|are|is|come|comes|from|were|was)|sourced\s+from|source:|"
                       r"statistics\s+from|compiled\s+from|drawn\s+from)", re.I)
_DATA_EN = re.compile(r"\b(?:Yearbooks?|Census|Survey|Database|Statistical\s+Bulletin|Data\s*set)\b", re.I)


@lru_cache(maxsize=4096)
def is_person(en: str, zh: str) -> bool:
    """``Jun Zhang`` / ``Zhang Jun`` and 张军: the romanisation spells the Chinese name's pinyin."""
    toks = re.findall(r"[A-Za-zÜü]+(?:[-'][A-Za-zÜü]+)*", en)
    if not 2 <= len(toks) <= 3 or not all(t[0].isupper() for t in toks):
        return False
    z = zh.strip()
    if not 2 <= len(z) <= 4 or not all(is_han(c) for c in z):
        return False
    joined = re.sub(r"[-']", "", "".join(toks)).lower().replace("ü", "v")
    readings = syllables(z, heteronyms=True)
    for combo in itertools.islice(itertools.product(*readings), 256):
        for sl in (1, 2):
            if len(combo) <= sl:
                continue
            sur, given = "".join(combo[:sl]), "".join(combo[sl:])
            for cand in (given + sur, sur + given):
                if joined in (cand, cand.replace("v", "u")):
                    return True
    return False


def person_tail(text: str, en: str, start: int, p: int, zh: str) -> tuple[str, int]:
    """``Premier Li Qiang (李强)``: keep only the romanised name when a title stands before it."""
    words = en.split()
    if len(words) < 3 or is_person(en, zh):
        return en, start
    for k in (2, 3):
        tail = " ".join(words[-k:])
        if k < len(words) and is_person(tail, zh):
            at = text.rfind(tail, start, p)
            return tail, at if at >= 0 else start
    return en, start


def classify(en: str, zh: str, pattern: str, unit: Unit, text: str, en_start: int, after: str,
             italic: bool) -> str:
    """term | title | outlet | person | organisation | journal | data_source for one occurrence."""
    if is_person(en, zh):
        return "person"
    if pattern in ("title", "bracket") or (zh.startswith("《") and zh.endswith("》")):
        return "title"
    before = text[unit.start:en_start]
    sentence_before = re.split(r"(?<=[.;!?])\s", before)[-1]
    if _DATA_CUE.search(sentence_before) or _DATA_EN.search(en):
        return "data_source"
    last_word = en.split()[-1].strip("*\"”").lower() if en.split() else ""
    if unit.note is not None or unit.where.startswith("endnote"):
        if pattern == "paren" and re.match(r"[,.]?[\"”](?:\s|$)", after):
            return "title"
        if italic and re.match(r"\s*,?\s*(?:\d+\s*(?:[,(:]|no\.)|(?:vol|no)\.)", after, re.I):
            return "journal"
        if re.search(r"[\"“]", before):
            return "outlet"
        return "organisation" if zh.endswith(ORG_SUFFIX) or en[:1].isupper() else "term"
    if zh.endswith(OUTLET_ZH) or last_word in OUTLET_EN:
        return "outlet"
    if zh.endswith(ORG_SUFFIX):
        return "organisation"
    return "term"


# ---------------------------------------------------------------- the finder

_ABBR_PART = re.compile(r"^(?:[A-Z][A-Za-z0-9&.\-]*[A-Z0-9.]s?|[A-Z]{2,}s?)$")


def _is_abbr(s: str) -> bool:
    return bool(_ABBR_PART.match(s)) and sum(c.isupper() for c in s) >= 2 and len(s) <= 12


def _enclosing_paren(text: str, lo: int, hi: int, s: int, e: int) -> tuple[int, int, str | None] | None:
    """If the run ``[s, e)`` sits in ``( … )`` (maybe beside an abbreviation), the paren span and abbr."""
    k = s
    while k > lo and text[k - 1].isspace():
        k -= 1
    abbr = None
    if k > lo and text[k - 1] in "(（":
        p = k - 1
    else:
        m = re.search(r"[(（]\s*([A-Za-z][A-Za-z0-9&.\-]*)\s*[,;，；、]\s*$", text[max(lo, s - 30):s])
        if not m or not _is_abbr(m.group(1)):
            return None
        p = max(lo, s - 30) + m.start()
        abbr = m.group(1)
    m2 = re.match(r"\s*(?:[,;，；、]\s*([A-Za-z][A-Za-z0-9&.\-]*)\s*)?[)）]", text[e:hi])
    if not m2:
        return None
    if m2.group(1):
        if not _is_abbr(m2.group(1)):
            return None
        abbr = abbr or m2.group(1)
    return p, e + m2.end(), abbr


def _previous_text_unit(units: list[Unit], idx: int, text: str) -> Unit | None:
    """The paragraph a block continues when a page break or figure split a sentence across them."""
    for j in range(idx - 1, -1, -1):
        u = units[j]
        if u.kind in ("caption", "caption_label", "table", "credit", "furniture") or not text[u.start:u.end].strip():
            continue
        if u.kind in ("paragraph", "list_item") and u.where == units[idx].where:
            tail = text[u.start:u.end].rstrip()
            return u if tail and not _TERMINAL.search(tail) and tail[-1].isalnum() else None
        return None
    return None


def english_before(text: str, units: list[Unit], idx: int, p: int, zh: str) -> tuple[str, int, bool] | None:
    """The English a Chinese gloss at ``p`` (its opening bracket) glosses: (english, start, italic)."""
    u = units[idx]
    body = not u.where.startswith("endnote")
    q = quoted_before(text, u.start, p)
    if q:
        e = _rstrip_calls(text, u.start, p)
        return trim_english(q[0], zh, False), q[1], text[e - 1] == "*"
    qw = quoted_then_words(text, u.start, p, zh)
    if qw:
        return qw[0], qw[1], False
    cap = capitalised_run(text, u.start, p)
    if cap:
        en, start, reached = cap
        prev = _previous_text_unit(units, idx, text) if reached and body else None
        more = capitalised_run(text, prev.start, prev.end) if prev is not None else None
        if more:
            en, start = more[0] + " " + en, more[1]
        else:
            wider = extend_covered(text, u.start, start, zh)
            if wider < start:
                en, start = strip_calls(text[wider:_rstrip_calls(text, u.start, p)]).strip("*"), wider
        en = trim_english(en, zh, body)
        return (en, start, False) if en else None
    low = lowercase_gloss(text, u.start, p, zh)
    if low:
        return trim_english(low[0], zh, body), low[1], False
    return None


def find_pairs(doc: Document, seg: Segmentation, endnotes: list[Endnote]) -> list[PairHit]:
    """Every English–Chinese pair occurrence in the document, in text order."""
    text = doc.text
    units = reading_units(doc, seg, endnotes)
    hits: list[PairHit] = []
    for idx, u in enumerate(units):
        prev_end = u.start
        for s, e in zh_runs(text, u.start, u.end):
            if s < prev_end:
                continue
            zh = clean_zh(text[s:e])
            if not _HAN_RE.search(zh):
                continue
            hit = _pair_for_run(text, units, idx, s, e, zh, prev_end)
            if hit is not None:
                hits.append(hit)
                prev_end = max(prev_end, hit.end)
            else:
                prev_end = max(prev_end, e)
    return hits


def _pair_for_run(text: str, units: list[Unit], idx: int, s: int, e: int, zh: str, prev_end: int) -> PairHit | None:
    """Decide the pattern of one Chinese run and build its pair (None when no English goes with it)."""
    u = units[idx]
    in_note = u.where.startswith("endnote")
    paren = _enclosing_paren(text, u.start, u.end, s, e)
    bracket = s > u.start and text[s - 1] in "[【" and e < u.end and text[e] in "]】"
    if paren:
        p, close, abbr = paren
        found = english_before(text, units, idx, p, zh)
        if not found or found[1] < prev_end and found[1] >= u.start:
            return None
        en, start, italic = found
        en, start = person_tail(text, en, start, p, zh)
        after = text[close:u.end]
        typ = classify(en, zh, "paren", u, text, start, after, italic)
        return PairHit(en, zh, abbr, typ, u.where, start, close, "paren")
    if bracket:
        found = english_before(text, units, idx, s - 1, zh)
        if not found:
            return None
        en, start, italic = found
        return PairHit(en, zh, None, "title", u.where, start, e + 1, "bracket")
    m = re.match(r"\s*[(（]([^()（）\n]{3,200})[)）]", text[e:u.end])
    if m and not _HAN_RE.search(m.group(1)) and re.search(r"[A-Za-z]{3}", m.group(1)) \
            and not _is_abbr(m.group(1).strip()) and not re.fullmatch(r"[\d\s,./\-–]+", m.group(1)):
        en = balance_title(m.group(1).strip().strip("\"“”"))
        typ = classify(en, zh, "after", u, text, s, text[e + m.end():u.end], False)
        return PairHit(en, zh, None, typ, u.where, s, e + m.end(), "after")
    if in_note:
        lo = max(u.start, prev_end)
        t = title_before(text, lo, s)
        if not t:
            return None
        en, start = t
        return PairHit(en, zh, None, "title", u.where, start, e, "title")
    q = quoted_before(text, u.start, s)
    cap = None if q else capitalised_run(text, u.start, s)
    if q or cap:
        en, start = (q[0], q[1]) if q else (cap[0], cap[1]) if cap else ("", s)
        typ = "title" if text[s] == "《" or q else classify(en, zh, "adjacent", u, text, start, "", False)
        return PairHit(trim_english(en, zh, True), zh, None, typ, u.where, start, e, "adjacent")
    return None
