"""report.html: one self-contained page for people (no network, no external files needed).

Sections: claims (filter by status; each row links to its notes and shows the source
evidence), notes, URL health, glossary. Plain HTML + a few lines of JS; styles inline.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd

from briefparse.text.files import write_text_atomic

STATUSES = ["supported", "partly_supported", "contradicted", "not_found_in_source", "source_unavailable",
            "no_citation"]

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#1f3a5f;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;opacity:.85}nav{padding:8px 24px;background:#e8edf3;position:sticky;top:0;z-index:2}
nav a{margin-right:16px;color:#1f3a5f;font-weight:600;text-decoration:none}
main{padding:12px 24px;max-width:1500px}section{margin-bottom:28px}h2{font-size:17px;border-bottom:2px solid #1f3a5f}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}#claims{table-layout:fixed}
td a.url,div.url{word-break:break-all}mark{background:#fff1a8;padding:0 1px}.filters select{margin-left:8px}
th,td{border:1px solid #d5dbe3;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f0f3f7;position:sticky;top:38px}
.status{font-weight:600;white-space:nowrap;border-radius:4px;padding:1px 6px}
.s-supported{background:#d7f2dd}.s-partly_supported{background:#fbefc4}.s-contradicted{background:#f8c9c9}
.s-not_found_in_source{background:#e4e4e4}.s-source_unavailable{background:#eadcf5}.s-no_citation{background:#f1f1f1}
.filters label{margin-right:12px;white-space:nowrap}.evidence{font-family:'Noto Sans CJK SC','Noto Sans SC',sans-serif}
.muted{color:#666}.warn{color:#a15c00}.note{scroll-margin-top:90px}.note:target{background:#fff3b0}.counts span{margin-right:14px}
"""

_JS = """
function applyFilter(){
  const on=new Set([...document.querySelectorAll('.filters input:checked')].map(e=>e.value));
  const sel=document.getElementById('doc-filter'); const doc=sel?sel.value:'';
  let shown=0;
  document.querySelectorAll('#claims tbody tr').forEach(tr=>{
    const v=on.has(tr.dataset.status)&&(!doc||tr.dataset.doc===doc); tr.style.display=v?'':'none'; if(v) shown++;});
  document.getElementById('shown').textContent=shown;
}
document.querySelectorAll('.filters input,.filters select').forEach(e=>e.addEventListener('change',applyFilter));
applyFilter();
"""


def _missing(v: Any) -> bool:
    """None, NaN and pandas' NA (which is neither truthy-safe nor a float)."""
    if v is None or isinstance(v, (list, tuple, dict)):
        return v is None
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _e(v: Any) -> str:
    if _missing(v):
        return ""
    return html.escape(str(v))


def _list(v: Any) -> list[Any]:
    if isinstance(v, list):
        return v
    if isinstance(v, str) and v.startswith("["):
        try:
            out = json.loads(v)
            return out if isinstance(out, list) else []
        except json.JSONDecodeError:
            return []
    return []


def _anchor(doc_id: str, n: Any) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in str(doc_id))
    return f"note-{safe}-{n}"


def _fmt_number(v: Any, grouped: bool = True) -> str:
    """62400000000.0 → "62,400,000,000"; 20.9 → "20.9"; 2007 years → "2007"; missing → ""."""
    try:
        x = float(v)
    except (TypeError, ValueError):
        return ""
    if x != x:
        return ""
    if x == int(x):
        return f"{x:,.0f}" if grouped else f"{x:.0f}"
    return f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.2f}"


def _short_url(u: str, width: int = 48) -> str:
    """A URL as link text: no scheme, the middle elided when long (the href keeps it whole)."""
    t = re.sub(r"^https?://", "", u)
    return t if len(t) <= width else t[: width // 2] + "…" + t[-(width // 2 - 1):]


def _mark(sentence: Any, quantity_text: Any) -> str:
    """The sentence with the claim's words highlighted."""
    s, q = _e(sentence), _e(quantity_text)
    return s.replace(q, f"<mark>{q}</mark>", 1) if q and q in s else s


def _claims_section(claims: pd.DataFrame) -> str:
    counts = claims["status"].value_counts().to_dict() if len(claims) else {}
    boxes = "".join(
        f'<label><input type="checkbox" value="{s}" checked> <span class="status s-{s}">{s}</span> '
        f'({counts.get(s, 0)})</label>' for s in STATUSES)
    docs = sorted(claims["doc_id"].unique()) if len(claims) else []
    if len(docs) > 1:
        options = "".join(f'<option value="{_e(d)}">{_e(d)}</option>' for d in docs)
        boxes += f'<label>document<select id="doc-filter"><option value="">all</option>{options}</select></label>'
    rows = []
    for _, c in claims.iterrows():
        notes = " ".join(f'<a href="#{_anchor(c["doc_id"], n)}">{n}</a>' for n in _list(c.get("notes")))
        urls = "<br>".join(f'<a class="url" href="{_e(u)}">{_e(_short_url(str(u)))}</a>'
                           for u in dict.fromkeys(_list(c.get("urls"))))
        ev = _e(c.get("evidence"))
        src = c.get("evidence_url")
        text_path = c.get("evidence_text_path") if "evidence_text_path" in c else None
        ev_link = f' <a class="muted" href="{_e(text_path)}">snapshot text</a>' if _e(text_path) and ev else ""
        value = _fmt_number(c.get("value"), grouped=str(c.get("unit")) != "years") or (
            f'{_fmt_number(c.get("low"))}–{_fmt_number(c.get("high"))}' if _fmt_number(c.get("low")) else "")
        if str(c.get("unit") or "") == "date":
            value = _e(c.get("iso"))
        rows.append(
            f'<tr data-status="{_e(c["status"])}" data-doc="{_e(c["doc_id"])}"><td>{_e(c["doc_id"])}</td>'
            f'<td>{_e(c["claim_id"])}</td>'
            f'<td>{_e(c["quantity_text"])}</td><td>{_e(value)} {_e(c.get("unit"))}</td>'
            f'<td>{_mark(c["sentence"], c["quantity_text"])}</td><td>{notes}<div class="muted">{_e(c.get("note_basis"))}</div></td>'
            f'<td>{urls}</td><td><span class="status s-{_e(c["status"])}">{_e(c["status"])}</span>'
            f'<div class="muted">{_e(c.get("reason"))}</div>'
            + (f'<div class="warn">⚠ {_e(c.get("consistency"))}</div>' if _e(c.get("consistency")) else "")
            + '</td>'
            f'<td class="evidence">{ev}{ev_link}<div class="muted url">{_e(src)}</div></td></tr>')
    return (f'<section id="claims-section"><h2>Claims</h2><div class="filters">{boxes}</div>'
            f'<p class="muted"><span id="shown">{len(claims)}</span> of {len(claims)} claims shown</p>'
            '<table id="claims"><colgroup><col style="width:9%"><col style="width:4%"><col style="width:8%">'
            '<col style="width:9%"><col style="width:24%"><col style="width:5%"><col style="width:12%">'
            '<col style="width:12%"><col style="width:17%"></colgroup>'
            '<thead><tr><th>document</th><th>id</th><th>claim</th><th>value</th>'
            '<th>sentence</th><th>notes</th><th>cited URLs</th><th>status</th><th>evidence in the source</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


def _notes_section(endnotes: pd.DataFrame) -> str:
    rows = []
    for _, n in endnotes.iterrows():
        title = _e(n.get("title_en"))
        if _e(n.get("title_zh")):
            title += f' <span class="evidence">{_e(n.get("title_zh"))}</span>'
        urls = "<br>".join(f'<a href="{_e(u)}">{_e(u)}</a>' for u in _list(n.get("urls")))
        rows.append(f'<tr class="note" id="{_anchor(n["doc_id"], n["n"])}"><td>{_e(n["doc_id"])}</td>'
                    f'<td>{_e(n["n"])}</td><td>{_e(", ".join(map(str, _list(n.get("authors")))))}</td>'
                    f'<td>{title}</td><td>{_e(n.get("container_en"))} {_e(n.get("container_zh"))}</td>'
                    f'<td>{_e(n.get("date_iso"))}</td><td>{urls}</td><td>{_e(n.get("kind"))}</td>'
                    f'<td class="muted">{_e(n.get("raw"))}</td></tr>')
    return ('<section id="notes-section"><h2>Notes</h2><table><thead><tr><th>document</th><th>n</th>'
            '<th>authors</th><th>title</th><th>outlet</th><th>date</th><th>URLs</th><th>kind</th><th>as printed</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


def _urls_section(urls: pd.DataFrame) -> str:
    rows = "".join(
        f'<tr><td>{_e(u["doc_id"])}</td><td>{_e(u.get("note"))}</td><td><a href="{_e(u["url"])}">{_e(u["url"])}</a></td>'
        f'<td>{_e(u.get("status"))}</td><td>{_e(", ".join(map(str, _list(u.get("flags")))))}</td>'
        f'<td>{_e(u.get("issue"))}</td></tr>' for _, u in urls.iterrows())
    return ('<section id="urls-section"><h2>URL health</h2><table><thead><tr><th>document</th><th>note</th>'
            '<th>URL</th><th>status</th><th>flags</th><th>issue</th></tr></thead>'
            f'<tbody>{rows}</tbody></table></section>')


def _glossary_section(terms: pd.DataFrame) -> str:
    seen: set[tuple[str, str]] = set()
    rows = []
    for _, t in terms.iterrows():
        key = (str(t["en"]), str(t["zh"]))
        if key in seen:
            continue
        seen.add(key)
        rows.append(f'<tr><td>{_e(t["en"])}</td><td class="evidence">{_e(t["zh"])}</td><td>{_e(t.get("abbr"))}</td>'
                    f'<td>{_e(t.get("pinyin"))}</td><td>{_e(t.get("type"))}</td></tr>')
    return ('<section id="glossary-section"><h2>Glossary</h2><table><thead><tr><th>English</th><th>中文</th>'
            f'<th>abbr.</th><th>pinyin</th><th>type</th></tr></thead><tbody>{"".join(rows)}</tbody></table></section>')


def render_report(frames: dict[str, pd.DataFrame]) -> str:
    """The whole page as one string."""
    def get(name: str) -> pd.DataFrame:
        return frames.get(name, pd.DataFrame())

    docs = get("documents")
    claims = get("claims")
    n_docs = len(docs)
    counts = claims["status"].value_counts().to_dict() if len(claims) else {}
    summary = "".join(f'<span><span class="status s-{s}">{s}</span> {counts.get(s, 0)}</span>' for s in STATUSES)
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>briefparse report</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<header><h1>briefparse report</h1><p>{n_docs} document(s) · {len(claims)} claims · "
        f"{len(get('endnotes'))} notes · {len(get('urls'))} cited URLs</p></header>",
        "<nav><a href='#claims-section'>Claims</a><a href='#notes-section'>Notes</a>"
        "<a href='#urls-section'>URL health</a><a href='#glossary-section'>Glossary</a></nav><main>",
        f"<p class='counts'>{summary}</p>",
        _claims_section(claims) if len(claims.columns) else "",
        _notes_section(get("endnotes")) if len(get("endnotes").columns) else "",
        _urls_section(get("urls")) if len(get("urls").columns) else "",
        _glossary_section(get("terms")) if len(get("terms").columns) else "",
        f"</main><script>{_JS}</script></body></html>",
    ]
    return "".join(parts)


def write_report(out: Path, frames: dict[str, Any]) -> None:
    """Write report.html atomically."""
    write_text_atomic(out / "report.html", render_report(frames))
