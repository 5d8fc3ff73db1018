"""The text of a cited source page: decoding, main text, title, date, document number.

Chinese government pages often declare one charset and use another (``utf-8`` declared,
GB18030 sent), so the declared encodings (HTTP header, BOM, meta tag) are only trusted when
the bytes decode cleanly with them; otherwise charset-normalizer decides. GB2312 and GBK are
read as GB18030, their superset. HTML main text comes from trafilatura (selectolax as the
fallback), PDF text from pypdfium2; Word and Excel files are reported as unsupported. Pages
in traditional characters (mirrors) get a simplified form beside the original for matching.
"""

from __future__ import annotations

import codecs
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from briefparse.ingest.errors import IngestError
from briefparse.ingest.sniff import decode_bytes
from briefparse.text import vocab
from briefparse.text.normalize import to_simplified

_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "big5": "big5hkscs",
              "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UNSUPPORTED = {
    "application/msword": "Word document (.doc)",
    _DOCX: "Word document (.docx)",
    "application/vnd.ms-excel": "Excel workbook (.xls)",
    _XLSX: "Excel workbook (.xlsx)",
    "application/vnd.ms-powerpoint": "PowerPoint file (.ppt)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint file (.pptx)",
    "application/wps-office.doc": "WPS document (.wps)",
    "application/wps-office.wps": "WPS document (.wps)",
    "application/wps-office.et": "WPS spreadsheet (.et)",
    "application/vnd.ms-works": "WPS/Works document (.wps)",
    "application/rtf": "RTF document",
    "application/vnd.rar": "RAR archive",
    "application/x-rar-compressed": "RAR archive",
}
_UNSUPPORTED_EXT = {".doc": "Word document (.doc)", ".docx": "Word document (.docx)", ".xls": "Excel workbook (.xls)",
                    ".xlsx": "Excel workbook (.xlsx)", ".ppt": "PowerPoint file (.ppt)", ".wps": "WPS document (.wps)",
                    ".et": "WPS spreadsheet (.et)", ".pptx": "PowerPoint file (.pptx)", ".rtf": "RTF document", ".zip": "ZIP archive", ".rar": "RAR archive"}
_DOC_NUMBER = re.compile(r"(?P<issuer>[\u4e00-\u9fff]{1,10})\s*[〔［\[【（(]\s*((?:19|20)\d{2})\s*[〕］\]】）)]\s*第?\s*(\d{1,5})\s*[号號]")
_ZH_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_NUM_DATE = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_PUB_LABEL = re.compile(r"(?:发布时间|發布時間|发布日期|發布日期|发表时间|發表時間|发稿时间|發稿時間|Published(?: on)?|Release date)"
                        r"\s*[:：]?\s*", re.I)
_DATE_LABEL = re.compile(r"(?:发布时间|發布時間|发布日期|發布日期|发文日期|成文日期|日期|时间|時間|Published|Date)\s*[:：]?\s*")


@dataclass
class SourceText:
    """What was read from one source: text, how it was decoded, and its page metadata."""

    text: str
    media_type: str | None
    encoding: str | None
    title: str | None = None
    pub_date: str | None = None
    doc_number: str | None = None
    lang: str | None = None
    simplified: str | None = None  # the text in simplified characters, when it differs
    error: str | None = None


def _codec(name: str | None) -> str | None:
    """A Python codec name for a declared charset (GBK → GB18030...), or None if unknown."""
    if not name:
        return None
    n = name.strip().strip("\"'").lower()
    n = _SUPERSETS.get(n, n)
    try:
        return codecs.lookup(n).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header."""
    m = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type or "", re.I)
    return m.group(1) if m else None


def meta_charset(body: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag (first 4 KB)."""
    m = _META_CHARSET.search(body[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def decode(body: bytes, content_type: str | None = None, html: bool = False) -> tuple[str, str]:
    """Decode a page: (text, codec). The declared charsets (HTTP header, then ``<meta>``) are trusted only
    when they decode and read at least as well as the alternatives (see ``ingest.sniff.decode_bytes``:
    a BOM, UTF-16 without one, UTF-8 with a few bad bytes, Big5 vs GB18030 by which reads as Chinese)."""

    declared = [_codec(header_charset(content_type))]
    if html:
        declared.append(_codec(meta_charset(body)))
    try:
        d = decode_bytes(body, declared, binary_ok=True)
    except IngestError:
        return _CONTROL.sub(" ", body.decode("utf-8", "replace")), "utf-8"
    return _CONTROL.sub(" ", d.text), d.codec  # one for one: no NUL or escape reaches a source text or evidence


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def detect_lang(text: str) -> str | None:
    """zh when CJK characters are a fair share of the letters, en when Latin letters dominate."""
    cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    if cjk == 0 and latin == 0:
        return None
    return "zh" if cjk * 3 >= latin else "en"


_LEAD_WORDS = re.compile(r"^(?:根据|依据|按照|关于|印发|转发|见|据|按|照|和|及|与|的|即|经|对|将|是|了|在|以|为|号|號)+")


def _number_of(m: re.Match[str]) -> str:
    """The matched 文号 without words run into it from the sentence (见/根据…); issuers are short."""
    issuer = m.group("issuer")
    short = _LEAD_WORDS.sub("", issuer[-6:]) or issuer[-6:]
    return (short + m.group(0)[len(issuer):]).strip()


def doc_number(text: str) -> str | None:
    """The document number (文号) such as 国科发区〔2021〕17号: one on its own line first, else the first."""
    found = list(_DOC_NUMBER.finditer(text))
    for m in found:
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
        if line == m.group(0).strip():
            return _number_of(m)
    return _number_of(found[0]) if found else None


def _iso(y: str, m: str, d: str) -> str | None:
    try:

        return _dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def _labelled_date(lines: list[str], label: re.Pattern[str]) -> str | None:
    """The first date written right after ``label`` on one of ``lines``."""
    for line in lines:
        for lab in label.finditer(line):
            rest = line[lab.end():]
            m = _ZH_DATE.match(rest) or _NUM_DATE.match(rest)
            if m and (iso := _iso(*m.groups())):
                return iso
    return None


def pub_date(text: str, head_lines: int = 40) -> str | None:
    """The page's date near the top: a publication label (发布时间…), another label (成文日期, 时间…), else a line-initial date."""
    lines = text.splitlines()[:head_lines]
    found = _labelled_date(lines, _PUB_LABEL) or _labelled_date(lines, _DATE_LABEL)
    if found:
        return found
    for line in lines:
        s = line.strip()
        m = _ZH_DATE.match(s) or _NUM_DATE.match(s)
        if m and (m.end() == len(s) or not s[m.end()].isdigit()) and len(s) - m.end() < 40:
            iso = _iso(*m.groups())
            if iso:
                return iso
    return None


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        s = line.strip()
        if len(s) >= 4 and not s.endswith((":", "：")):
            return s[:300]
    return None


def _html_meta(html: str) -> dict[str, str]:

    tree = LexborHTMLParser(html)
    meta: dict[str, str] = {}
    for node in tree.css("meta"):
        key = (node.attributes.get("name") or node.attributes.get("property") or "").strip().lower()
        val = (node.attributes.get("content") or "").strip()
        if key and val and key not in meta:
            meta[key] = val
    t = tree.css_first("title")
    if t is not None and t.text(strip=True):
        meta["<title>"] = t.text(strip=True)
    h1 = tree.css_first("h1")
    if h1 is not None and h1.text(strip=True):
        meta["<h1>"] = h1.text(strip=True)
    body = tree.body
    meta["<body>"] = body.text(separator="\n", strip=True) if body is not None else ""
    return meta


# content containers of the CMSs Chinese government sites run on (TRS, UCAP, Hanweb...) and of WeChat
# articles: when one is on the page its text is the main text, whatever menus surround it
_MAIN_SELECTORS = (".TRS_Editor", ".TRS_UEDITOR", "#UCAP-CONTENT", "#zoom", "#Zoom", ".pages_content", "#js_content",
                   ".rich_media_content", ".article-content", ".article_content", "#article-content", ".xxgk_content",
                   "#fontzoom", ".detail-content", "#detailContent", ".zw-content", ".con_text", "#ozoom")
# page furniture to drop when the whole body has to be read: a class/id part naming a menu, breadcrumb,
# footer... anywhere ("main-nav"), or a header/banner/share box when it leads ("header-top", not "article_header")
_FURNITURE_ANY = {"nav", "navbar", "navigation", "menu", "menus", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
                  "footer", "copyright", "sidebar", "toolbar", "friendlink", "friendlinks", "daohang", "wzdt", "skip"}
_FURNITURE_LEAD = {"header", "head", "top", "topbar", "foot", "bottom", "share", "banner", "location", "position", "bread",
                   "search", "login", "links", "dh", "gjx"}
_BLOCK_TAG = re.compile(r"(?i)<(?:br|/?p|/?div|/?li|/?tr|/?h[1-6]|/?table|/?tbody|/?section|/?article|/?ul|/?ol"
                        r"|/?blockquote|/?center|/?dd|/?dt|/?pre)\b[^>]*>")
_CELL_END = re.compile(r"(?i)</t[dh]\s*>")


def _block_text(html: str) -> str:
    """Text of an HTML fragment with one line per block (inline tags do not split lines)."""

    marked = _CELL_END.sub(" </td>", _BLOCK_TAG.sub("\n", html))
    tree = LexborHTMLParser(f"<html><body>{marked}</body></html>")
    for node in tree.css("script, style, noscript"):
        node.decompose()
    body = tree.body
    text = body.text(separator="") if body is not None else ""
    lines = [re.sub(r"[ \t\u00a0]+", " ", ln).strip(" \u3000") for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def _main_container(tree: Any) -> str | None:
    """Text of the page's CMS content container (the longest one found), if it has any."""
    best = ""
    for sel in _MAIN_SELECTORS:
        for node in tree.css(sel):
            t = _block_text(node.html or "")
            if len(t) > len(best):
                best = t
    return best if len(re.sub(r"\s", "", best)) >= 4 else None


def _is_furniture(node: Any) -> bool:
    """Does the element's class or id name page furniture (menus, breadcrumbs, header, footer)?"""
    for token in f"{node.attributes.get('class') or ''} {node.attributes.get('id') or ''}".lower().split():
        parts = [p for p in re.split(r"[-_]", token) if p]
        if parts and (parts[0] in _FURNITURE_LEAD or any(p in _FURNITURE_ANY for p in parts)):
            return True
    return False


def _under_furniture(node: Any) -> bool:
    p = node.parent
    while p is not None and p.tag not in ("body", "html"):
        if _is_furniture(p):
            return True
        p = p.parent
    return False


def _without_furniture(tree: Any) -> str:
    """The body's text once menus, headers, footers and scripts are removed."""
    body = tree.body
    if body is None:
        return ""
    for node in tree.css("nav, header, footer, script, style, noscript, iframe, form, select"):
        node.decompose()
    marked = [n for n in tree.css("[class], [id]") if n.tag not in ("html", "body") and _is_furniture(n)]
    for node in [n for n in marked if not _under_furniture(n)]:
        node.decompose()  # topmost ones only: their subtrees go with them
    return _block_text(body.html or "")


def _clean_title(title: str | None) -> str | None:
    """A ``<title>`` without the site name after it ('…通知_科学技术部', '… - 中国政府网')."""
    if not title:
        return None
    head = re.split(r"\s*[_|｜]\s*|\s+[-–—]\s+", title.strip())[0].strip()
    return head if len(head) >= 4 else title.strip()


def html_text(html: str, url: str | None = None) -> tuple[str, str | None, str | None, str]:
    """Main text of an HTML page, its title, its date and the page's text without menus (for dates, 文号).

    A CMS content container (TRS_Editor, UCAP-CONTENT…) wins; else trafilatura; else the body
    with its menus, headers and footers removed.
    """
    import trafilatura  # imported on first use: ~490 ms at start-up, not every run needs it

    meta = _html_meta(html)
    tree = LexborHTMLParser(html)
    main = _main_container(tree)
    page = _without_furniture(tree)
    text = main
    if text is None:
        try:
            # trafilatura reads the page without its menus: with favor_recall it keeps link lists
            text = trafilatura.extract(tree.html or html, url=url, include_comments=False, include_tables=True, favor_recall=True,
                                       deduplicate=False)
        except Exception:
            text = None
        if not text or len(text) < 0.2 * len(page) and len(page) > 200:
            text = page or meta.get("<body>", "")
    title = (meta.get("articletitle") or meta.get("og:title") or meta.get("<h1>") or _clean_title(meta.get("<title>"))
             or meta.get("dc.title"))
    date = None
    for key in ("pubdate", "publishdate", "article:published_time", "dc.date", "dcterms.created", "firstpublishedtime"):
        v = meta.get(key)
        if v and (m := re.match(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})", v)):
            date = _iso(*m.groups())
            if date:
                break
    return text, title, date or _script_date(html), page


def _script_date(html: str) -> str | None:
    """A WeChat article's publication time, kept only in a script (``var ct = "1634…"``, Unix seconds)."""

    m = re.search(r"""\bvar\s+ct\s*=\s*["'](\d{9,10})["']""", html)
    if not m:
        return None
    china = _dt.timezone(_dt.timedelta(hours=8))
    return _dt.datetime.fromtimestamp(int(m.group(1)), tz=china).date().isoformat()


def pdf_text(body: bytes) -> tuple[str, str | None]:
    """Text of a PDF, page by page (pypdfium2), and its title from the metadata."""
    import pypdfium2 as pdfium  # imported on first use: ~130 ms at start-up, not every run needs it

    pdf = pdfium.PdfDocument(body)
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            pages.append(tp.get_text_range().replace("\r\n", "\n").replace("\r", "\n"))
            tp.close()
            page.close()
        title = (pdf.get_metadata_dict().get("Title") or "").strip() or None
    finally:
        pdf.close()
    return "\n\n".join(p.strip() for p in pages), title


_GENERIC = {"", "application/octet-stream", "binary/octet-stream", "application/x-download", "application/download",
            "application/force-download", "application/x-msdownload", "application/unknown", "application/x-unknown",
            "application/save", "application/x-octet-stream"}
_EXT_MEDIA = {".doc": "application/msword", ".docx": _DOCX, ".xls": "application/vnd.ms-excel", ".xlsx": _XLSX,
              ".ppt": "application/vnd.ms-powerpoint", ".wps": "application/wps-office.doc", ".et": "application/wps-office.et",
              ".zip": "application/zip", ".rar": "application/vnd.rar", ".pdf": "application/pdf"}


def file_ext(url: str | None) -> str:
    """The file extension of a URL's path ('.doc'), query and fragment ignored; '' when none."""

    last = urlsplit(url or "").path.rsplit("/", 1)[-1]
    return "." + last.rsplit(".", 1)[-1].lower() if "." in last else ""


def media_type_of(content_type: str | None, body: bytes, url: str | None = None) -> str:
    """The media type from the header, corrected by the bytes (PDF, OLE and ZIP magic, HTML tags) and the extension."""
    mt = (content_type or "").split(";", 1)[0].strip().lower()
    ext = file_ext(url)
    by_ext = _EXT_MEDIA.get(ext)
    if body.startswith(b"%PDF-"):
        return "application/pdf"
    if body.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: .doc, .xls, .ppt, .wps
        if mt in _UNSUPPORTED:
            return mt
        return by_ext if by_ext in _UNSUPPORTED else "application/msword"
    if body.startswith(b"PK\x03\x04") and mt not in _UNSUPPORTED:  # OOXML or a plain ZIP
        return by_ext if by_ext and by_ext != "application/pdf" else (mt if mt not in _GENERIC else "application/zip")
    if mt in _GENERIC:
        head = body[:1024].lower()
        if b"<html" in head or b"<!doctype html" in head:
            return "text/html"
        if by_ext in _UNSUPPORTED:
            return by_ext
        if ext in _UNSUPPORTED_EXT:
            return "application/octet-stream"
        return "text/plain" if body and _printable(body) else "application/octet-stream"
    return mt


def _printable(body: bytes) -> bool:
    sample = body[:2048]
    return sample.count(b"\x00") == 0


def extract(body: bytes, content_type: str | None = None, url: str | None = None,
            title_hint: str | None = None) -> SourceText:
    """Everything the claims stage needs from one source's bytes."""
    mt = media_type_of(content_type, body, url)
    ext = file_ext(url)
    readable = mt in ("application/pdf", "text/html", "application/xhtml+xml", "application/json", "application/xml") \
        or mt.startswith("text/")
    kind = _UNSUPPORTED.get(mt) or (None if readable else _UNSUPPORTED_EXT.get(ext))
    if kind:
        name = (url or "").split("?", 1)[0].rsplit("/", 1)[-1]
        return SourceText("", mt, None, title=title_hint,
                          error=f"unsupported: {kind}{f' {name}' if name else ''}; its text is not extracted "
                                "(open it by hand, or save it as PDF)")
    title: str | None = None
    date: str | None = None
    enc: str | None = None
    page = ""
    try:
        if mt == "application/pdf":
            text, title = pdf_text(body)
        elif mt in ("text/html", "application/xhtml+xml"):
            html, enc = decode(body, content_type, html=True)
            text, title, date, page = html_text(html, url)
        elif mt.startswith("text/") or mt in ("application/json", "application/xml"):
            text, enc = decode(body, content_type)
            title = _first_line(text)
        else:
            return SourceText("", mt, None, title=title_hint, error=f"unsupported: media type {mt}")
    except Exception as e:
        return SourceText("", mt, enc, title=title_hint, error=f"could not read the {mt} source: {type(e).__name__}: {e}")
    text = text.replace("\r\n", "\n").replace("\u00a0", " ").strip()
    simplified = to_simplified(text)
    title = title_hint or title or _first_line(text)
    head = "\n".join(page.splitlines()[:40])  # the page around the main text: info lines with date and 文号
    return SourceText(text=text, media_type=mt, encoding=enc, title=title.strip() if title else None,
                      pub_date=date or pub_date(text) or pub_date(head), doc_number=doc_number(text) or doc_number(head),
                      lang=detect_lang(text),
                      simplified=simplified if simplified != text else None,
                      error=None if text else "no text found in the source")


# ---------- lines of the page that are not the document's text ----------

# "2021年10月24日", "2021-10-24", "二〇二一年十月二十四日" standing alone on a line (a signature or dateline)
_DATE_ONLY = re.compile(r"[（(\[]?\s*(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
                        r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?|[〇零○一二三四五六七八九]{4}\s*年\s*[一二三四五六七八九十]{1,3}\s*月"
                        r"\s*[一二三四五六七八九十]{1,3}\s*日)\s*[）)\]]?")


def _label_pattern() -> re.Pattern[str]:
    """Labels of page lines (来源:, 发布时间:, 浏览次数:, Source:…) from ``data/source_page_labels.tsv``."""

    labels = sorted(vocab.words("source_page_labels.tsv"), key=len, reverse=True)
    alts = "|".join(re.escape(lab) for lab in labels)
    return re.compile(rf"(?i)(?:^|[\s|｜【\[])(?:{alts})\s*(?:[:：]|】|\]|$)")


def page_lines(text: str) -> list[tuple[int, int, str]]:
    """Spans of the lines of a source that are the page's, not the document's: ``byline`` (来源/发布时间/日期/
    浏览次数 lines, "Source:", "Posted:"), ``furniture`` (搜索, 选择字号, 打印 | 关闭) and ``date_line`` (a line that
    is only a date: the document's signature date or a page timestamp).

    A year in such a line dates the page, not an event: the claims stage reads them so that a byline never
    counts as evidence that something happened in that year.
    """

    labels = _label_pattern()
    kinds = vocab.mapping("source_page_labels.tsv")
    out: list[tuple[int, int, str]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        s = to_simplified(line).strip(" \t\u3000\u00a0")
        if not s:
            continue
        if _DATE_ONLY.fullmatch(s):
            out.append((start, end, "date_line"))
            continue
        m = labels.search(s)
        if m:
            label = re.sub(r"^[\s|｜【\[]|[\s:：】\]]+$", "", m.group(0)).strip()
            kind = next((k for lab, k in kinds.items() if lab.lower() == label.lower()), "byline")
            if kind == "byline" or len(s) <= 30:
                out.append((start, end, kind))
    return out
