"""Training data generation: CSL-JSON records rendered through real CSL styles, plus notes as people write them.

Records are built deterministically (fixed seed) from the field vocabularies in
``briefparse/data/citation_records.json``. Title pools are split by index into train and test, so held-out
records never share a title with training records. Each record is rendered with citeproc-py through the CSL
styles in corpus/citations/csl (Citation Style Language project, https://citationstyles.org/, CC BY-SA);
token labels come from locating each field's value in the rendered string. A second, template-based renderer
writes notes the way briefs do (full-name Chicago notes, bilingual house style, GB/T 7714 for Chinese works,
commentary, several works per note, Ibid., short forms), where each piece is labelled as it is written.
"""

from __future__ import annotations

import json
import os
import random
import re
import warnings
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .labels import LabeledText, from_token_labels, token_labels
from .paths import CITATIONS
from .tokens import GBT_TYPE_RE, is_cjk

__all__ = ["CSL_DIR", "CSL_STYLES", "build_records", "render_csl", "generate_notes", "label_rendered"]

CSL_DIR = Path(os.environ.get("BRIEFPARSE_CSL_DIR") or CITATIONS / "csl")
# style file stem -> (short name, use the citation (note) form rather than the bibliography entry)
CSL_STYLES: dict[str, tuple[str, bool]] = {
    "chicago-notes": ("chicago-notes", True),
    "chicago-notes-bibliography": ("chicago-nb", False),
    "chicago-author-date": ("chicago-ad", False),
    "apa": ("apa", False),
    "harvard-cite-them-right": ("harvard", False),
    "modern-language-association": ("mla", False),
    "ieee": ("ieee", False),
    "american-political-science-association": ("apsa", False),
    "taylor-and-francis-chicago-f": ("tf-chicago-f", False),
    "china-national-standard-gb-t-7714-2015-numeric": ("gbt-numeric", False),
    "china-national-standard-gb-t-7714-2015-note": ("gbt-note", True),
    "china-national-standard-gb-t-7714-2015-author-date": ("gbt-ad", False),
}
_MOVE_PUNCT_INTO_QUOTES = {"chicago-notes", "chicago-nb", "chicago-ad", "mla", "ieee", "apsa"}
_GBT_CODES = {"book": "M", "chapter": "M", "article-journal": "J", "article-newspaper": "N", "report": "R",
              "webpage": "EB/OL", "legislation": "Z", "thesis": "D"}
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]
Pieces = list[tuple[str, str]]


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    text = resources.files("briefparse").joinpath("data/citation_records.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _pool(name: str, split: str) -> list[Any]:
    """Train/test split of a title pool by index (every fifth item is held out)."""
    items = _vocab()[name]
    return [x for i, x in enumerate(items) if (i % 5 == 2) == (split == "test")]


# ---------------------------------------------------------------------------------------------- records


def _en_person(r: random.Random) -> dict[str, str]:
    v = _vocab()
    if r.random() < 0.3:
        return {"family": r.choice(v["romanised_family"]), "given": r.choice(v["romanised_given"])}
    return {"family": r.choice(v["en_family"]), "given": r.choice(v["en_given"])}


def _zh_person(r: random.Random) -> dict[str, str]:
    v = _vocab()
    if r.random() < 0.15:
        return {"literal": r.choice(v["zh_people_fixed"])}
    return {"literal": r.choice(v["zh_family"]) + r.choice(v["zh_given"])}


def _people(r: random.Random, zh: bool, k_max: int = 3) -> list[dict[str, str]]:
    k = r.choices([1, 2, 3, 4, 5], weights=[50, 25, 12, 6, 3])[0]
    k = min(k, k_max)
    return [(_zh_person(r) if zh else _en_person(r)) for _ in range(k)]


def _en_title(r: random.Random, split: str) -> str:
    head = r.choice(_pool("en_title_heads", split))
    if r.random() < 0.55:
        return f"{head}: {r.choice(_vocab()['en_title_subs'])}"
    return str(head)


def _zh_title(r: random.Random, split: str) -> str:
    head = r.choice(_pool("zh_title_heads", split))
    if r.random() < 0.3:
        return f"{head}: {r.choice(_vocab()['zh_title_subs'])}"
    return str(head)


def _date(r: random.Random, parts: int) -> list[int]:
    y = r.randint(1995, 2024)
    return [y, r.randint(1, 12), r.randint(1, 28)][:parts]


def _pages(r: random.Random) -> str:
    a = r.randint(1, 400)
    return f"{a}-{a + r.randint(5, 40)}"


def _url(r: random.Random, host: str, section: str = "") -> str:
    v = _vocab()
    y = r.randint(2012, 2024)
    if host.endswith(".cn"):
        path = r.choice([f"zhengce/content/{y}-{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/content_{r.randint(5000000, 5999999)}.htm",
                         f"xinwen/{y}-{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/content_{r.randint(5000000, 5999999)}.htm",
                         f"zwgk/zcjd/{y}{r.randint(1, 12):02d}/t{y}{r.randint(1, 12):02d}{r.randint(1, 28):02d}_{r.randint(100000, 999999)}.html"])
    else:
        path = f"{section or 'research'}/{r.choice(v['url_words'])}-{r.choice(v['url_words'])}"
    scheme = "http" if r.random() < 0.2 else "https"
    return f"{scheme}://{host}/{path}"


def _doc_number(r: random.Random, year: int) -> str:
    return f"{r.choice(_vocab()['doc_number_prefixes'])}〔{year}〕{r.randint(1, 80)}号"


def build_records(split: str = "train", n: int = 1000, seed: int = 2024) -> list[dict[str, Any]]:
    """Deterministic CSL-JSON records (with a private ``_lang`` key) for the given split."""
    v = _vocab()
    r = random.Random(f"{seed}-{split}")
    kinds = ["book", "chapter", "article-journal", "report", "article-newspaper", "webpage", "zh-book", "zh-article",
             "zh-news", "zh-gov", "bilingual-gov", "thesis"]
    weights = [10, 6, 14, 10, 8, 8, 8, 10, 6, 10, 8, 2]
    out: list[dict[str, Any]] = []
    for i in range(n):
        kind = r.choices(kinds, weights)[0]
        rec: dict[str, Any] = {"id": f"{split}{i}", "_lang": "zh" if kind.startswith("zh") else "en"}
        zh = rec["_lang"] == "zh"
        if kind == "book":
            pub, place = r.choice(v["en_publishers"])
            rec.update(type="book", author=_people(r, False), title=_en_title(r, split), publisher=pub,
                       **{"publisher-place": place, "issued": {"date-parts": [_date(r, 1)]}})
            if r.random() < 0.1:
                rec["edition"] = str(r.randint(2, 4))
        elif kind == "chapter":
            pub, place = r.choice(v["en_publishers"])
            rec.update(type="chapter", author=_people(r, False, 2), title=_en_title(r, split),
                       editor=_people(r, False, 2), publisher=pub, page=_pages(r),
                       **{"container-title": _en_title(r, split), "publisher-place": place,
                          "issued": {"date-parts": [_date(r, 1)]}})
        elif kind == "article-journal":
            rec.update(type="article-journal", author=_people(r, False), title=_en_title(r, split),
                       volume=str(r.randint(1, 80)), page=_pages(r),
                       **{"container-title": r.choice(v["en_journals"]), "issued": {"date-parts": [_date(r, r.choice([1, 1, 2]))]}})
            if r.random() < 0.8:
                rec["issue"] = str(r.randint(1, 12))
            if r.random() < 0.4:
                rec["DOI"] = f"10.{r.randint(1000, 9999)}/{r.choice(['jod', 'cq', 'jcc', 'rp', 'fa'])}.{r.randint(2000, 2024)}.{r.randint(1, 999):04d}"
        elif kind == "report":
            site, host, section = r.choice(v["en_sites"])
            org = r.choice(v["en_orgs"])
            rec.update(type="report", title=_en_title(r, split), publisher=org if r.random() < 0.5 else site,
                       issued={"date-parts": [_date(r, r.choice([1, 2, 3]))]}, URL=_url(r, host, section))
            rec["author"] = _people(r, False) if r.random() < 0.7 else [{"literal": org}]
            if r.random() < 0.4:
                rec["genre"] = r.choice(v["genres_en"])
        elif kind == "article-newspaper":
            rec.update(type="article-newspaper", title=_en_title(r, split), issued={"date-parts": [_date(r, 3)]},
                       **{"container-title": r.choice(v["en_news"])})
            if r.random() < 0.7:
                rec["author"] = _people(r, False, 2)
            if r.random() < 0.7:
                rec["URL"] = _url(r, "www." + re.sub(r"[^a-z]", "", rec["container-title"].lower()) + ".com", "news")
        elif kind == "webpage":
            site, host, section = r.choice(v["en_sites"])
            rec.update(type="webpage", title=_en_title(r, split), URL=_url(r, host, section),
                       issued={"date-parts": [_date(r, 3)]}, **{"container-title": site})
            if r.random() < 0.6:
                rec["author"] = _people(r, False, 2)
            if r.random() < 0.5:
                y = rec["issued"]["date-parts"][0][0]
                rec["accessed"] = {"date-parts": [[min(y + r.randint(1, 3), 2025), r.randint(1, 12), r.randint(1, 28)]]}
        elif kind == "thesis":
            uni, place = r.choice(v["universities_en"])
            rec.update(type="thesis", author=_people(r, False, 1), title=_en_title(r, split), publisher=uni,
                       genre=r.choice(["PhD diss.", "Doctoral dissertation", "Master's thesis"]),
                       issued={"date-parts": [_date(r, 1)]}, **{"publisher-place": place})
        elif kind == "zh-book":
            pub, place = r.choice(v["zh_publishers"])
            rec.update(type="book", author=_people(r, True), title=_zh_title(r, split), publisher=pub,
                       issued={"date-parts": [_date(r, 1)]}, **{"publisher-place": place})
        elif kind == "zh-article":
            rec.update(type="article-journal", author=_people(r, True), title=_zh_title(r, split), page=_pages(r),
                       issue=str(r.randint(1, 12)),
                       issued={"date-parts": [_date(r, 1)]}, **{"container-title": r.choice(v["zh_journals"])})
            if r.random() < 0.6:
                rec["volume"] = str(r.randint(1, 45))
        elif kind == "zh-news":
            rec.update(type="article-newspaper", title=_zh_title(r, split), issued={"date-parts": [_date(r, 3)]},
                       **{"container-title": r.choice(v["zh_news"])})
            if r.random() < 0.5:
                rec["author"] = _people(r, True, 2)
            if r.random() < 0.5:
                rec["page"] = str(r.randint(1, 16))
        elif kind in ("zh-gov", "bilingual-gov"):
            d = _date(r, 3)
            if kind == "zh-gov":
                subj = r.choice(_pool("zh_gov_subjects", split))
                title = r.choice(v["zh_gov_forms"]).format(subj)
                org = r.choice(v["zh_orgs"])
            else:
                en, zh_t = r.choice(_pool("title_pairs", split))
                title = f"{en} ({zh_t})" if r.random() < 0.7 else f"{en} [{zh_t}]"
                o_en, o_zh = r.choice(v["outlet_pairs"])
                org = f"{o_en} ({o_zh})" if r.random() < 0.6 else o_en
                rec["_lang"] = "en"
            rec.update(type="legislation" if kind == "zh-gov" else "webpage", title=title, issued={"date-parts": [d]},
                       URL=_url(r, r.choice(v["zh_sites"])))
            if r.random() < 0.5:
                rec["author"] = [{"literal": org}]
            else:
                rec["container-title"] = org
            if kind == "zh-gov" and r.random() < 0.6:
                rec["number"] = _doc_number(r, d[0])
            if r.random() < 0.3:
                rec["accessed"] = {"date-parts": [[min(d[0] + r.randint(1, 3), 2025), r.randint(1, 12), r.randint(1, 28)]]}
        if zh:
            rec["language"] = "zh-CN"
        out.append(rec)
    return out


# ---------------------------------------------------------------------------------------- CSL rendering


@lru_cache(maxsize=32)
def _style(stem: str) -> Any:
    from citeproc import CitationStylesStyle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return CitationStylesStyle(str(CSL_DIR / f"{stem}.csl"), locale="en-US", validate=False)


def render_csl(rec: dict[str, Any], stem: str) -> str:
    """Render one record in one CSL style (citation form for note styles, else the bibliography entry)."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    clean = {k: v for k, v in rec.items() if not k.startswith("_")}
    style = _style(stem)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bib = CitationStylesBibliography(style, CiteProcJSON([clean]), formatter.plain)
        cit = Citation([CitationItem(clean["id"])])
        bib.register(cit)
        if CSL_STYLES[stem][1]:
            text = str(bib.cite(cit, lambda _item: None))
        else:
            entries = [str(x) for x in bib.bibliography()]
            text = entries[0] if entries else ""
    return " ".join(text.split())


def _date_variants(parts: list[int]) -> list[str]:
    """Ways a CSL style may print a date, longest first."""
    y = parts[0]
    out: list[str] = []
    if len(parts) >= 3:
        m, d = parts[1], parts[2]
        mn = _MONTHS[m - 1]
        ab = mn[:3] + ("." if len(mn) > 3 else "")
        if m == 9:
            out += [f"{d} Sept. {y}", f"Sept. {d}, {y}"]
        out += [f"{mn} {d}, {y}", f"{d} {mn} {y}", f"{y}, {mn} {d}", f"{ab} {d}, {y}", f"{ab} {d:02d}, {y}", f"{d} {ab} {y}",
                f"{y}-{m:02d}-{d:02d}", f"{y}年{m}月{d}日", f"{mn} {d}", f"{d} {mn}"]
    if len(parts) >= 2:
        m = parts[1]
        mn = _MONTHS[m - 1]
        ab = mn[:3] + ("." if len(mn) > 3 else "")
        out += [f"{mn} {y}", f"{ab} {y}", f"{y}, {mn}", f"{y}-{m:02d}", f"{y}年{m}月", mn]
    out.append(str(y))
    return out


def _find(text: str, needle: str, taken: list[bool], ci: bool = True, word: bool = True) -> tuple[int, int] | None:
    """First free occurrence of needle (case-insensitive, word-bounded for alphanumeric edges)."""
    if not needle:
        return None
    pat = re.escape(needle)
    if word:
        if needle[0].isalnum() and not is_cjk(needle[0]):
            pat = r"(?<![\w])" + pat
        if needle[-1].isalnum() and not is_cjk(needle[-1]):
            pat = pat + r"(?![\w])"
    for m in re.finditer(pat, text, re.IGNORECASE if ci else 0):
        if not any(taken[m.start():m.end()]):
            return m.start(), m.end()
    return None


def _name_forms(p: dict[str, str]) -> list[str]:
    if "literal" in p:
        return [p["literal"]]
    fam, giv = p["family"], p["given"]
    initials = [w[0] for w in re.split(r"[\s.\-]+", giv) if w]
    forms = [f"{giv} {fam}", f"{fam}, {giv}", f"{fam} {giv}"]
    seps = ((". ", "."), (".", "."), (" ", "")) + (((".-", "."), ("-", "")) if "-" in giv else ())
    for sep, end in seps:
        ini = sep.join(initials) + end
        forms += [f"{ini} {fam}", f"{fam}, {ini}", f"{fam} {ini}", f"{fam.upper()} {ini}"]
    forms += [fam, fam.upper()]
    return forms


def _locate_people(text: str, people: list[dict[str, str]], taken: list[bool]) -> tuple[int, int] | None:
    spans = []
    for p in people:
        for form in sorted(set(_name_forms(p)), key=len, reverse=True):
            hit = _find(text, form, taken, ci="literal" in p)
            if hit:
                spans.append(hit)
                break
    if not spans:
        return None
    s, e = min(a for a, _ in spans), max(b for _, b in spans)
    m = re.match(r"(,? (et al\.|and others))|(等)", text[e:])
    if m:
        e += m.end()
    return s, e


_PREFIX_FORWARD = frozenset(["in", "edited", "by", "ed", "eds", "trans", "translated", "vol", "vols", "no", "nos", "pp", "p", "第", "卷", "期", "页", "版", "doi", "n.d"])
_ROLE_WORDS = frozenset(["ed", "eds", "editor", "editors", "trans", "tr", "translator", "主编", "编", "译"])
_ACCESS_WORDS = frozenset(["accessed", "retrieved", "available", "online", "viewed", "url", "引用日期", "from", "at"])
_CLOSE_PUNCT = set(".,;:)]}”’》」】〕）>*\"'!?。，；：、-–—")
_OPEN_PUNCT = set("([{“‘《「【〔（<*\"")
_STRIP = "".join(sorted(_CLOSE_PUNCT | _OPEN_PUNCT))


def _attach(item: LabeledText) -> LabeledText:
    """Give unlabelled tokens a label: punctuation joins its neighbour field, prefixes the next field."""
    tokens, labels = token_labels(item)
    covered = [lab != "other" for lab in labels]
    n = len(tokens)
    for i, t in enumerate(tokens):
        if not covered[i] and t.text.lower().strip(_STRIP) in _ACCESS_WORDS:
            labels[i], covered[i] = "note", True
    for i, t in enumerate(tokens):  # "(eds.)", "Eds.,", "ed." belong to the names they follow or precede
        if covered[i] or t.text.lower().strip(_STRIP).rstrip(".") not in _ROLE_WORDS:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < n and covered[j] and labels[j] in ("editor", "translator"):
                labels[i], covered[i] = labels[j], True
                break
    for i, t in enumerate(tokens):
        if covered[i]:
            continue
        core = t.text.lower().strip(_STRIP).rstrip(".")
        is_close = all(ch in _CLOSE_PUNCT for ch in t.text)
        is_open = all(ch in _OPEN_PUNCT for ch in t.text)
        if core in _PREFIX_FORWARD or (is_open and not is_close) or (is_open and i + 1 < n and covered[i + 1] and
                                                                     tokens[i + 1].start == t.end):
            j = i + 1
            while j < n and not covered[j] and (all(ch in _OPEN_PUNCT for ch in tokens[j].text)
                                                or tokens[j].text.lower().strip(_STRIP).rstrip(".") in _PREFIX_FORWARD):
                j += 1
            if j < n and covered[j]:
                labels[i] = labels[j]
                continue
        if is_close or is_open:
            j = i - 1
            while j >= 0 and not covered[j] and all(ch in _CLOSE_PUNCT for ch in tokens[j].text):
                j -= 1
            if j >= 0 and covered[j]:
                labels[i] = labels[j]
                continue
        labels[i] = "other"
    out = from_token_labels(item.text, tokens, labels)
    return LabeledText(out.text, out.spans, item.style, item.meta)


def label_rendered(text: str, rec: dict[str, Any], style: str) -> LabeledText | None:
    """Label a rendered reference by locating each field's value; None if a key field cannot be found."""
    taken = [False] * len(text)
    spans: list[tuple[int, int, str]] = []

    def put(hit: tuple[int, int] | None, label: str) -> bool:
        if hit is None:
            return False
        for k in range(hit[0], hit[1]):
            taken[k] = True
        spans.append((hit[0], hit[1], label))
        return True

    m = re.match(r"\[\d+\]", text)
    if m:
        put((0, m.end()), "citation-number")
    for gm in GBT_TYPE_RE.finditer(text):
        put((gm.start(), gm.end()), "genre")
    if "URL" in rec and not put(_find(text, rec["URL"], taken, word=False), "url"):
        return None
    if "DOI" in rec:
        dm = re.search(r"(?:https?://(?:dx\.)?doi\.org/|doi:\s?|DOI:\s?)?" + re.escape(rec["DOI"]), text)
        if not dm or not put((dm.start(), dm.end()), "url" if dm.group().lower().startswith("http") else "doi"):
            return None
    if "title" in rec:
        if not put(_find(text, rec["title"], taken), "title"):
            return None
        put(_find(text, rec["title"], taken), "title")  # styles that repeat the title in the author slot
    for key in ("author", "editor"):
        if (key in rec and not put(_locate_people(text, rec[key], taken), key) and key == "author"
                and not any(p.get("literal") for p in rec[key])):
            return None
    if "author" not in rec:  # an outlet or organisation a style puts in the author slot is the author there
        start = spans[0][1] + 1 if spans and spans[0][2] == "citation-number" else 0
        for key in ("container-title", "publisher"):
            hit = _find(text, rec.get(key, ""), taken)
            if hit and hit[0] <= start and text.count(rec[key]) + text.upper().count(rec[key].upper()) > 2:
                put(hit, "author")
                break
    outlet = "container" if rec.get("type") in ("report", "webpage") else "publisher"  # a report's or web page's
    # organisation is its outlet, as briefs print it ("CSIS, June 1, 2015"), unless a place precedes it
    for key, label in (("container-title", "container"), ("publisher", outlet), ("genre", "genre"),
                       ("number", "genre"), ("publisher-place", "location")):
        if (key in rec and not put(_find(text, rec[key], taken), label) and key == "container-title"
                and not any(rec[key] == (p.get("literal") or "") for p in rec.get("author", []))):
            return None
    if "accessed" in rec:
        for form in _date_variants(rec["accessed"]["date-parts"][0]):
            if put(_find(text, form, taken), "note"):
                break
    if "issued" in rec:
        parts = rec["issued"]["date-parts"][0]
        for form in _date_variants(parts):
            if put(_find(text, form, taken), "date"):
                while put(_find(text, str(parts[0]), taken), "date"):  # author-date styles print the year twice
                    pass
                break
        else:
            return None
    if "edition" in rec:
        em = re.search(rf"(?<!\d){rec['edition']}(?:st|nd|rd|th)?\.?(?:\s*(?:ed\.|edn\.?|edition))?", text)
        if em and not any(taken[em.start():em.end()]):
            put((em.start(), em.end()), "edition")
    for key, label in (("volume", "volume"), ("issue", "issue")):
        if key in rec:
            put(_find(text, rec[key], taken), label)
    if "page" in rec:
        a, _, b = rec["page"].partition("-")
        pat = re.escape(a) + (r"\s*[-–]\s*\d+" if b else "")
        for mm in re.finditer(r"(?<!\d)" + pat + r"(?!\d)", text):
            if not any(taken[mm.start():mm.end()]):
                put((mm.start(), mm.end()), "pages")
                break
    return _attach(LabeledText(text, tuple(spans), style))


def _postfix(text: str, rec: dict[str, Any], short: str, r: random.Random) -> str:
    """Make citeproc-py's output look like real usage: punctuation inside quotes, GB/T type codes, numbering."""
    if short in _MOVE_PUNCT_INTO_QUOTES:
        text = re.sub(r"”([,.])", r"\1”", text)
    if short.startswith("gbt") and "title" in rec:
        code = _GBT_CODES.get(rec.get("type", ""), "Z")
        if rec.get("URL") and code != "EB/OL":
            code += "/OL"
        title = rec["title"]
        i = text.find(title)
        if i >= 0 and not text[i + len(title):].startswith("["):
            text = text[: i + len(title)] + f"[{code}]" + text[i + len(title):]
    m = re.match(r"\[\d+\]", text)
    if m:
        text = (f"[{r.randint(1, 60)}] " if r.random() < 0.5 else "") + text[m.end():].lstrip()
    return text


# ----------------------------------------------------------------------------- notes as people write them


def _chicago_name(p: dict[str, str]) -> str:
    return p["literal"] if "literal" in p else f"{p['given']} {p['family']}"


def _join_names(names: list[str], zh: bool) -> str:
    if zh:
        return ", ".join(names[:3]) + (", 等" if len(names) > 3 else "")
    if len(names) > 3:
        return names[0] + " et al."
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + (", and " if len(names) > 2 else " and ") + names[-1]


def _fmt_date(parts: list[int], r: random.Random) -> str:
    if len(parts) == 1:
        return str(parts[0])
    mn = _MONTHS[parts[1] - 1]
    if len(parts) == 2:
        return f"{mn} {parts[0]}"
    return r.choice([f"{mn} {parts[2]}, {parts[0]}", f"{mn} {parts[2]:02d}, {parts[0]}", f"{parts[2]} {mn} {parts[0]}"])


def _star(s: str, r: random.Random) -> str:
    return f"*{s}*" if r.random() < 0.3 else s


def _note_chicago(rec: dict[str, Any], r: random.Random) -> Pieces:
    """Full-name Chicago-style note (with the habits of briefs: angle-bracket URLs, Markdown italics)."""
    p: Pieces = []
    t = rec["type"]
    if rec.get("author"):
        p += [(_join_names([_chicago_name(x) for x in rec["author"]], False), "author"), (", ", "")]
    quoted = t not in ("book",)
    title = rec["title"]
    if quoted:
        close = r.choice([",” ", ".” ", ",\" "])
        op = "\"" if close.startswith(",\"") else "“"
        p += [(op + title + close.rstrip(), "title"), (" ", "")]
    else:
        p += [(_star(title, r), "title")]
    date = rec["issued"]["date-parts"][0]
    if t == "book":
        p += [(" (", "")]
        if rec.get("publisher-place"):
            p += [(rec["publisher-place"], "location"), (": ", "")]
        p += [(rec["publisher"], "publisher"), (", ", ""), (_fmt_date(date, r), "date"), (")", "")]
        if r.random() < 0.5:
            p += [(", ", ""), (str(r.randint(1, 300)), "pages")]
    elif t == "chapter":
        eds = ", ".join(_chicago_name(x) for x in rec["editor"])
        p += [("in ", "container"), (_star(rec["container-title"], r), "container"), (", ", ""), ("ed. " + eds, "editor"),
              (" (", ""), (rec["publisher-place"], "location"), (": ", ""), (rec["publisher"], "publisher"), (", ", ""),
              (_fmt_date(date, r), "date"), (")", ""), (", ", ""), (rec["page"].replace("-", "–"), "pages")]
    elif t == "article-journal":
        p += [(_star(rec["container-title"], r), "container"), (" ", ""), (rec["volume"], "volume")]
        if rec.get("issue"):
            p += [(", ", ""), ("no. " + rec["issue"], "issue")]
        p += [(" (", ""), (_fmt_date(date, r), "date"), ("): ", ""), (rec["page"].replace("-", "–"), "pages")]
    else:
        outlet = rec.get("container-title") or rec.get("publisher") or ""
        if outlet:
            p += [(_star(outlet, r), "container"), (", ", "")]
        p += [(_fmt_date(date, r), "date")]
    if rec.get("URL"):
        url = rec["URL"]
        p += [(", ", ""), (f"<{url}>" if r.random() < 0.4 else url, "url")]
    elif rec.get("DOI"):
        p += [(", ", ""), ("https://doi.org/" + rec["DOI"], "url")]  # a doi.org link is a URL, as AnyStyle tags it
    if rec.get("accessed") and r.random() < 0.6:
        p += [(", ", ""), ("accessed " + _fmt_date(rec["accessed"]["date-parts"][0], r), "note")]
    p += [(".", "")]
    return p


def _note_brief(rec: dict[str, Any], r: random.Random) -> Pieces:
    """The development brief's house style: bilingual title and outlet, date, bare or bracketed URL."""
    p: Pieces = []
    v = _vocab()
    if rec.get("author") and rec["_lang"] == "en":
        p += [(_join_names([_chicago_name(x) for x in rec["author"]], False), "author"), (", ", "")]
    if rec["_lang"] == "zh" or "(" in rec["title"] or "[" in rec["title"]:
        title = rec["title"]
        if rec["_lang"] == "zh":
            en, zh_t = r.choice(_pool("title_pairs", rec["_split"]))
            title = f"{en} ({zh_t})" if r.random() < 0.7 else f"{en} [{zh_t}]"
    else:
        title = rec["title"]
    p += [("\"" + title + r.choice([",\" ", ".\" ", "\", "]).rstrip(), "title"), (" ", "")]
    o_en, o_zh = r.choice(v["outlet_pairs"])
    outlet = rec.get("container-title") or f"{o_en} ({o_zh})"
    if rec["_lang"] == "zh" and is_cjk(outlet[0]):
        outlet = f"{o_en} ({o_zh})"
    p += [(outlet, "container"), (", ", ""), (_fmt_date(rec["issued"]["date-parts"][0], r), "date")]
    url = rec.get("URL") or _url(r, r.choice(v["zh_sites"]))
    p += [(r.choice([". ", ", "]), ""), (f"<{url}>" if r.random() < 0.3 else url, "url"), ("." if r.random() < 0.8 else "", "")]
    return p


def _note_gbt(rec: dict[str, Any], r: random.Random) -> Pieces:
    """GB/T 7714-2015 as written by hand for Chinese works (literal names, full-width or ASCII punctuation)."""
    p: Pieces = []
    t = rec["type"]
    sep = ", "
    if rec.get("author"):
        names = [x.get("literal") or f"{x['family'].upper()} {x['given'][0]}" for x in rec["author"]]
        p += [(_join_names(names, True), "author"), (". ", "")]
    code = _GBT_CODES.get(t, "Z") + ("/OL" if rec.get("URL") and t not in ("webpage",) and r.random() < 0.5 else "")
    p += [(rec["title"], "title")]
    if rec.get("number") and r.random() < 0.5:
        p += [(": ", ""), (rec["number"], "genre")]
    p += [(f"[{code}]", "genre"), (". ", "")]
    date = rec["issued"]["date-parts"][0]
    if t == "book":
        if rec.get("publisher-place"):
            p += [(rec["publisher-place"], "location"), (": ", "")]
        p += [(rec["publisher"], "publisher"), (sep, ""), (str(date[0]), "date")]
        if r.random() < 0.6:
            a = r.randint(1, 300)
            p += [(": ", ""), (f"{a}-{a + r.randint(1, 9)}" if r.random() < 0.6 else str(a), "pages")]
    elif t == "article-journal":
        p += [(rec["container-title"], "container"), (sep, ""), (str(date[0]), "date")]
        if rec.get("volume"):
            p += [(sep, ""), (rec["volume"], "volume")]
            p += [("(" + rec["issue"] + ")", "issue")]
        else:
            p += [(sep, ""), ("(" + rec["issue"] + ")", "issue")]
        p += [(": ", ""), (rec["page"], "pages")]
    elif t == "article-newspaper":
        p += [(rec["container-title"], "container"), (sep, ""),
              (f"{date[0]}-{date[1]:02d}-{date[2]:02d}", "date")]
        if rec.get("page"):
            p += [("(" + rec["page"] + ")", "pages")]
    else:
        if rec.get("container-title"):
            p += [(rec["container-title"], "container"), (", ", "")]
        p += [(f"({date[0]}-{date[1]:02d}-{date[2]:02d})", "date")]
        if rec.get("accessed"):
            a = rec["accessed"]["date-parts"][0]
            p += [(f"[{a[0]}-{a[1]:02d}-{a[2]:02d}]", "note")]
        if rec.get("URL"):
            p += [(". ", ""), (rec["URL"], "url")]
    p += [(".", "")]
    return p


def _short(rec: dict[str, Any], r: random.Random) -> Pieces:
    """Short-form note: "Economy, Third Revolution, 52." """
    p: Pieces = []
    if rec.get("author"):
        a = rec["author"][0]
        p += [(a.get("literal") or a["family"], "author"), (", ", "")]
    title = rec["title"].split(":")[0].split(" (")[0].split(" [")[0]
    words = title.split()
    if len(words) > 4 and words[0] in ("The", "A", "An"):
        title = " ".join(words[1:4])
    if rec["type"] == "book" and not is_cjk(title[0]):
        p += [(title, "title")]
    elif is_cjk(title[0]):
        p += [("《" + title + "》", "title")]
    elif r.random() < 0.8:
        p += [("“" + title + ",”", "title"), (" ", ""), (str(r.randint(1, 300)), "pages"), (".", "")]
        return p
    else:
        p += [("“" + title + ".”", "title")]
        return p
    if r.random() < 0.8:
        p += [(", ", ""), (str(r.randint(1, 300)), "pages")]
    p += [(".", "")]
    return p


def _pieces_to_item(pieces: Pieces, style: str) -> LabeledText:
    text = ""
    spans: list[tuple[int, int, str]] = []
    for s, lab in pieces:
        if lab and s:
            spans.append((len(text), len(text) + len(s), lab))
        text += s
    return _attach(LabeledText(text, tuple(spans), style))


def _concat(parts: list[LabeledText], seps: list[tuple[str, str]], style: str) -> LabeledText:
    """Join several labelled items with labelled separators."""
    text = ""
    spans: list[tuple[int, int, str]] = []
    for i, it in enumerate(parts):
        if i:
            s, lab = seps[i - 1]
            if lab and s.strip():
                lead = len(s) - len(s.lstrip())
                spans.append((len(text) + lead, len(text) + len(s.rstrip()), lab))
            text += s
        spans += [(a + len(text), b + len(text), lab) for a, b, lab in it.spans]
        text += it.text
    return LabeledText(text, tuple(spans), style)


def _csl_item(rec: dict[str, Any], stem: str, r: random.Random) -> LabeledText | None:
    short = CSL_STYLES[stem][0]
    text = _postfix(render_csl(rec, stem), rec, short, r)
    return label_rendered(text, rec, short) if text else None


def generate_notes(split: str = "train", n_records: int = 1500, seed: int = 2024, csl_per_record: int = 1) -> list[LabeledText]:
    """Labelled generated citations and notes, deterministic for (split, n_records, seed)."""
    return list(_generate(split, n_records, seed, csl_per_record))


@lru_cache(maxsize=4)
def _generate(split: str, n_records: int, seed: int, csl_per_record: int) -> tuple[LabeledText, ...]:
    r = random.Random(f"notes-{seed}-{split}")
    recs = build_records(split, n_records, seed)
    for rec in recs:
        rec["_split"] = split
    stems = list(CSL_STYLES)
    out: list[LabeledText] = []
    v = _vocab()
    manual: list[tuple[str, Callable[[dict[str, Any], random.Random], Pieces]]] = [
        ("chicago-full", _note_chicago), ("brief-bilingual", _note_brief), ("gbt-manual", _note_gbt)]
    for i, rec in enumerate(recs):
        for k in range(csl_per_record):
            stem = stems[(i * csl_per_record + k) % len(stems)]
            item = _csl_item(rec, stem, r)
            if item is not None:
                out.append(item)
        # a hand-written note form suited to the record
        if rec["_lang"] == "zh":
            name, fn = manual[2] if r.random() < 0.75 else manual[1]
        elif rec["type"] in ("webpage", "report", "article-newspaper") and r.random() < 0.4:
            name, fn = manual[1]
        else:
            name, fn = manual[0]
        base = _pieces_to_item(fn(rec, r), name)
        out.append(base)
        roll = r.random()
        if roll < 0.18:  # commentary around a work
            lead = r.choice(v["commentary_zh"] if rec["_lang"] == "zh" and name == "gbt-manual" else v["commentary_en"])
            lead_item = LabeledText(lead, ((0, len(lead), "note"),))
            parts, seps = [lead_item, base], [(" ", "")]
            if r.random() < 0.5:
                other = recs[(i * 7 + 3) % len(recs)]
                o_item = _pieces_to_item(_note_chicago(other, r) if other["_lang"] == "en" else _note_gbt(other, r), name)
                parts[-1] = LabeledText(base.text.rstrip("."), tuple((a, min(b, len(base.text.rstrip("."))), lab)
                                                                    for a, b, lab in base.spans if a < len(base.text.rstrip("."))))
                parts.append(o_item)
                seps.append((r.choice(["; see also ", "; ", "; and "]), "note"))
            out.append(_attach(_concat(parts, seps, "commentary")))
        elif roll < 0.30:  # several works in one note
            other = recs[(i * 11 + 5) % len(recs)]
            o_fn = _note_chicago if other["_lang"] == "en" else _note_gbt
            o_item = _pieces_to_item(o_fn(other, r), name)
            trimmed = base.text[:-1] if base.text.endswith(".") else base.text
            b2 = LabeledText(trimmed, tuple((a, min(b, len(trimmed)), lab) for a, b, lab in base.spans if a < len(trimmed)))
            out.append(_attach(_concat([b2, o_item], [("; ", "")], "multi")))
        elif roll < 0.36:
            pg = str(r.randint(1, 300))
            txt = r.choice(["Ibid.", f"Ibid., {pg}.", f"Ibid., p. {pg}.", f"同上, 第{pg}页。", "Ibid"])
            spans: list[tuple[int, int, str]] = [(0, 5 if txt.startswith("Ibid") else 2, "note")]
            m = re.search(r"(p\. )?\d+|第\d+页", txt)
            if m:
                spans.append((m.start(), m.end(), "pages"))
            out.append(_attach(LabeledText(txt, tuple(spans), "ibid")))
        elif roll < 0.50:
            out.append(_pieces_to_item(_short(rec, r), "short"))
        elif roll < 0.53:
            expl = r.choice(v["explanatory_en"])
            out.append(_attach(_concat([LabeledText(expl, ((0, len(expl), "note"),)), base], [(" See ", "note")], "commentary")))
    return tuple(out)
