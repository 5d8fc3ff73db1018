"""`make run`'s claims on the shipped corpus agree with corpus/sources/saved/CROSSCHECK.md, the
hand-made judgement of the brief's claims against the saved source excerpts."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import BRIEFS, ROOT

from briefparse.options import RunOptions
from briefparse.pipeline import run

WARC = ROOT / "corpus" / "sources" / "sources.warc.gz"
# (quantity text, a word of its sentence, expected status) — from CROSSCHECK.md sections A and D
EXPECTED = [
    ("36 subsidiary funds", "subsidiary", "not_found_in_source"),  # excerpt lacks the S&T section
    ("62.4 billion yuan", "capacity", "not_found_in_source"),
    ("(\\$8.67 billion)", "capacity", "not_found_in_source"),
    ("the end of 2022", "subsidiary", "not_found_in_source"),  # only the reporting year is stated
    ("20-30 percent", "widened", "not_found_in_source"),  # not stated, and NOT contradicted
    ("10-30 percent", "widened", "supported"),  # 对子基金的出资比例为子基金总额的10%-30%
    ("at least three times", "three times", "supported"),  # 不低于转化基金出资额三倍
    ("more than 50 percent", "50 percent", "partly_supported"),  # 不低于子基金总额50%: at least, not more than
    ("2021", "new regulation issued", "supported"),  # note 23: 2021年2月10日
    ("2011", "first conceived", "supported"),  # note 27
    ("76 billion yuan", "69 critical projects", "source_unavailable"),  # section D
    ("21 research tasks", "research tasks", "source_unavailable"),
    ("between 20 and 30 percent", "three sub-funds", "source_unavailable"),
]


@pytest.fixture(scope="module")
def claims(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    if not WARC.is_file():
        pytest.skip("the shipped source store is not built")
    out = tmp_path_factory.mktemp("crosscheck")
    run([BRIEFS / "recentralization-brief.txt"], RunOptions(out=out, sources_warc=WARC, progress=False))
    return pd.read_csv(out / "claims.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize(("text", "context", "status"), EXPECTED)
def test_claim_status_agrees_with_crosscheck(claims: pd.DataFrame, text: str, context: str, status: str) -> None:
    rows = claims[(claims["quantity_text"] == text) & claims["sentence"].str.contains(context, regex=False)]
    assert len(rows) >= 1, (text, context)
    assert set(rows["status"]) == {status}, rows[["quantity_text", "status", "reason"]].to_dict("records")


def test_no_claim_is_contradicted(claims: pd.DataFrame) -> None:
    """CROSSCHECK.md: "No claim was contradicted." """
    assert "contradicted" not in set(claims["status"])


def test_supported_claims_quote_the_source(claims: pd.DataFrame) -> None:
    ok = claims[claims["status"] == "supported"]
    assert len(ok) >= 5
    assert all(ok["evidence"] != "") and all(ok["source_sha256"].str.len() == 64)
    row = ok[ok["quantity_text"] == "10-30 percent"].iloc[0]
    assert "10%-30%" in row["evidence"]
