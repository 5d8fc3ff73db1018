"""Train, save and load the CRF model (python-crfsuite); the model is loaded once per process."""

from __future__ import annotations

import os
import struct
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycrfsuite

from .features import sequence_features
from .labels import LabeledText, token_labels
from .tokens import Token

__all__ = [
    "DEFAULT_MODEL_PATH", "MODEL_ENV", "CitationModelError", "TrainParams", "train_model", "load_tagger", "model_path",
    "predict_labels", "predict_with_marginals", "to_bio", "from_bio",
]

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "model" / "citations.crfsuite"
MODEL_ENV = "BRIEFPARSE_CITATION_MODEL"
_DEFAULT_MODEL_STR = str(DEFAULT_MODEL_PATH)
_MAGIC = b"lCRF"


class CitationModelError(RuntimeError):
    """The citation model file is missing or unreadable; the message says how to rebuild it."""


TrainParams = dict[str, Any]
DEFAULT_PARAMS: TrainParams = {
    "c1": 0.05,
    "c2": 0.01,
    "max_iterations": 200,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}


def model_path() -> Path:
    """The model file: $BRIEFPARSE_CITATION_MODEL if set, else the package's model/citations.crfsuite."""
    env = os.environ.get(MODEL_ENV)
    return Path(env) if env else DEFAULT_MODEL_PATH


def train_model(items: Iterable[LabeledText], out: str | Path, params: TrainParams | None = None) -> Path:
    """Train a CRF on labelled citations and write it to ``out``; same items and params give the same bytes."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    for item in items:
        tokens, labels = token_labels(item)
        if tokens:
            trainer.append(pycrfsuite.ItemSequence(sequence_features(tokens)), to_bio(labels))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    trainer.train(str(tmp))
    tmp.replace(out)
    return out


def to_bio(labels: Sequence[str]) -> list[str]:
    """``B-``/``I-`` labels: the CRF then learns where a field starts, not only what a token is (measured: +3
    points of field accuracy in CV on AnyStyle core, titles and containers most), and two adjacent fields of the
    same kind stay apart."""
    return [("B-" if i == 0 or labels[i - 1] != lab else "I-") + lab for i, lab in enumerate(labels)]


def from_bio(label: str) -> str:
    """The field name of a ``B-``/``I-`` label (a plain label is returned as it is)."""
    return label[2:] if label[:2] in ("B-", "I-") else label


def _rebuild_hint(path: Path) -> str:
    return f"rebuild it with `make model` (python -m briefparse.citations.train --out {path})"


@lru_cache(maxsize=4)
def _load(path_str: str, mtime_ns: int) -> pycrfsuite.Tagger:
    path = Path(path_str)
    with path.open("rb") as fh:
        head = fh.read(4)
    if head != _MAGIC:
        raise CitationModelError(f"citation model {path} is corrupt (not a CRFsuite file); {_rebuild_hint(path)}")
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
    except Exception as exc:  # pycrfsuite raises ValueError/OSError on a damaged file
        raise CitationModelError(f"citation model {path} is corrupt ({exc}); {_rebuild_hint(path)}") from None
    if not tagger.labels():
        raise CitationModelError(f"citation model {path} has no labels; {_rebuild_hint(path)}")
    return tagger


def _cqdb_keys(data: bytes, off: int) -> list[str]:
    """The keys of the CQDB database at ``off`` in a CRFsuite model file, in id order (its backward array)."""
    chunk, _size, _flag, _order, count, bwd = struct.unpack_from("<4sIIIII", data, off)
    if chunk != b"CQDB":
        raise ValueError("not a CQDB chunk")
    keys: list[str] = []
    for i, rec in enumerate(struct.unpack_from(f"<{count}I", data, off + bwd)):
        rid, size = struct.unpack_from("<II", data, off + rec)
        if rid != i or size < 1:
            raise ValueError("unexpected CQDB record")
        keys.append(data[off + rec + 8:off + rec + 7 + size].decode("utf-8"))
    return keys


@lru_cache(maxsize=4)
def _vocabulary(path_str: str, mtime_ns: int) -> frozenset[str] | None:
    """The attribute names of a CRFsuite (crf1d) model, read from its file; None when the file's layout is not
    the one expected (every feature is then passed to the tagger, which gives the same result, more slowly)."""
    try:
        data = Path(path_str).read_bytes()
        magic, _size, kind, _version, _nf, _nl, n_attrs, _of, _ol, off_attrs = struct.unpack_from("<4sI4sIIIIIII", data)
        if magic != _MAGIC or kind != b"FOMC":
            return None
        keys = _cqdb_keys(data, off_attrs)
    except (OSError, ValueError, struct.error, UnicodeDecodeError):
        return None
    return frozenset(keys) if len(keys) == n_attrs else None


def _path_and_mtime(path: str | Path | None) -> tuple[str, int]:
    """The model file to use and its modification time (the cache key of what is loaded from it)."""
    p = os.fspath(path) if path is not None else os.environ.get(MODEL_ENV) or _DEFAULT_MODEL_STR
    try:
        return p, os.stat(p).st_mtime_ns  # a plain stat: this runs once per citation tagged
    except OSError:
        raise CitationModelError(f"citation model {Path(p)} is missing; {_rebuild_hint(Path(p))}") from None


def load_tagger(path: str | Path | None = None) -> pycrfsuite.Tagger:
    """The CRF tagger for ``path`` (default: :func:`model_path`), cached per process and file version."""
    return _load(*_path_and_mtime(path))


def _tag(tokens: Sequence[Token], path: str | Path | None) -> tuple[pycrfsuite.Tagger, list[str]]:
    """The tagger and its labels for a token sequence, given only the features its model knows."""
    p, mtime = _path_and_mtime(path)
    tagger = _load(p, mtime)
    return tagger, [from_bio(lab) for lab in tagger.tag(pycrfsuite.ItemSequence(
        sequence_features(tokens, _vocabulary(p, mtime))))]


def predict_labels(tokens: Sequence[Token], path: str | Path | None = None) -> list[str]:
    """CRF labels for a token sequence."""
    if not tokens:
        return []
    return _tag(tokens, path)[1]


def predict_with_marginals(
    tokens: Sequence[Token], path: str | Path | None = None
) -> tuple[list[str], Callable[[int], dict[str, float]]]:
    """CRF labels, and a function giving the probability of each field at token i (``B-`` and ``I-`` summed).

    The function reads the tagger's state for this sequence: call it before tagging anything else.
    """
    if not tokens:
        return [], lambda _i: {}
    tagger, labels = _tag(tokens, path)
    model_labels = tagger.labels()

    def marginals(i: int) -> dict[str, float]:
        p: dict[str, float] = {}
        for lab in model_labels:
            key = from_bio(lab)
            p[key] = p.get(key, 0.0) + tagger.marginal(lab, i)
        return p

    return labels, marginals
