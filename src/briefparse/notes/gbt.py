"""GB/T 7714 references read by their fixed layout (the standard Chinese scholarship cites in).

``Authors. Title[: other title information][code]. Rest.`` where the type code (``[M]`` book, ``[J]``
journal article, ``[N]`` newspaper, ``[EB/OL]`` web page…) fixes what the rest holds: ``Place: Publisher, Year:
pages`` for books and reports, ``Journal, Year, Volume(Issue): pages`` for articles, ``Paper, YYYY-MM-DD(page)``
for newspapers, ``(published)[accessed]. URL`` for online documents. The CRF tagger sees one token per Chinese
character and can miss the author/title boundary at a ``.``; the layout says exactly where it is.
"""

from __future__ import annotations

import re

from briefparse.notes import parse as rp
from briefparse.notes.tagged import GBT_KINDS

CODE = re.compile(r"\[(?P<code>[A-Z]{1,2})(?:/OL)?\]")
_DOC_NO = re.compile(r"\s*[:：]\s*[\u3400-\u9fff]{1,12}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d+\s*号\s*$")
_AUTHOR_END = re.compile(r"[.．。](?=\s|[\u3400-\u9fff])")
_DATE = r"(?P<d>(?:1[5-9]|20)\d{2}(?:-\d{1,2}(?:-\d{1,2})?)?)"
_PAGES = r"(?P<p>\d+(?:\s*[-–—~]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–—~]\s*\d+)?)*)"
_JOURNAL = re.compile(r"^(?P<cont>[^,，]+?)\s*[,，]\s*" + _DATE + r"(?:\s*[,，]\s*(?P<v>\d+))?(?:\s*[(（](?P<i>[^)）]+)[)）])?"
                      r"(?:\s*[:：]\s*" + _PAGES + r")?")
_PAPER = re.compile(r"^(?P<cont>[^,，]+?)\s*[,，]\s*" + _DATE + r"\s*(?:[(（](?P<p>\d+)[)）])?")
_IMPRINT = re.compile(r"^(?:(?P<place>[^:：,，()\[\]]{1,40})\s*[:：]\s*(?P<pub>[^,，]+?)\s*[,，]\s*)?" + _DATE
                      + r"(?:\s*[:：]\s*" + _PAGES + r")?")
_ONLINE = re.compile(r"^[(（]" + _DATE + r"[)）]")
_TRANSLATOR = re.compile(r"^[^.．。]{1,60}?[,，]\s*(?:译|编译|译校|trans)\.?\s*[.．。]\s*", re.I)
_ACCESS = re.compile(r"\[(?:1[5-9]|20)\d{2}-\d{1,2}-\d{1,2}\]")


def gbt_work(piece: str) -> rp.WorkDraft | None:
    """The fields of a GB/T 7714 reference, or None when ``piece`` has no type code."""
    m = CODE.search(piece)
    if m is None:
        return None
    w = rp.WorkDraft(raw=piece, kind=GBT_KINDS.get(m.group("code")))
    head, tail = piece[:m.start()].strip(), piece[m.end():]
    cut = _AUTHOR_END.search(head)
    if cut and cut.start() <= 120:
        w.authors, w.authors_zh = rp.split_authors(head[:cut.start()])
        head = head[cut.end():].strip()
    title = _DOC_NO.sub("", head).strip()
    w.title_en, w.title_zh = (None, rp.clean_zh(title)) if re.search(r"[\u3400-\u9fff]", title) else (
        rp.clean_en(title), None)
    w.urls, _ = rp.extract_urls(piece)
    dm = rp._DOI_RE.search(piece)
    w.doi = dm.group(1).rstrip(".,;>)") if dm else None
    rest = re.sub(r"^\s*[.．。]\s*", "", tail)
    rest = _TRANSLATOR.sub("", rest)
    code = m.group("code")
    if (mo := _ONLINE.match(rest)) is not None:
        w.date_iso = _iso(mo.group("d"))
    elif code == "J" and (mj := _JOURNAL.match(rest)) is not None:
        _set_container(w, mj.group("cont"))
        w.date_iso, w.volume, w.pages = _iso(mj.group("d")), mj.group("v"), _pages(mj.group("p"))
        w.issue = mj.group("i").strip() if mj.group("i") else None
    elif code == "N" and (mn := _PAPER.match(rest)) is not None:
        _set_container(w, mn.group("cont"))
        w.date_iso, w.pages = _iso(mn.group("d")), mn.group("p")
    elif (mi := _IMPRINT.match(rest)) is not None:
        w.place = (mi.group("place") or "").strip() or None
        w.publisher = (mi.group("pub") or "").strip() or None
        w.date_iso, w.pages = _iso(mi.group("d")), _pages(mi.group("p"))
    return w


def _set_container(w: rp.WorkDraft, cont: str) -> None:
    c = cont.strip()
    if re.search(r"[\u3400-\u9fff]", c):
        w.container_zh = rp.clean_zh(c)
    else:
        w.container_en = rp.clean_en(c)


def _iso(d: str) -> str:
    parts = d.split("-")
    return "-".join([parts[0]] + [f"{int(x):02d}" for x in parts[1:]])


def _pages(p: str | None) -> str | None:
    return re.sub(r"\s+", "", p) if p else None


def without_access_date(piece: str) -> str:
    """The reference without its GB/T access date (``(2017-07-08)[2024-03-01]`` keeps the first only)."""
    return _ACCESS.sub("", piece)
