"""Atomic file writes: a temporary name in the same folder, renamed into place only on success.

A crash or a kill never leaves a half-written file where a reader expects a whole one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it over ``path`` only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp_path, 0o666 & ~umask)  # mkstemp makes 0600; outputs are for everyone who may read the folder
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_text_atomic(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_chunks_atomic(path: Path, chunks: Iterable[str]) -> None:
    """Write text that arrives in pieces (a streamed template) without ever holding it whole."""
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as f:
        for chunk in chunks:
            f.write(chunk)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_with(path: Path, writer: Callable[[Path], None]) -> None:
    """Run ``writer(tmp_path)`` and rename the result over ``path``."""
    with atomic_path(path) as tmp:
        writer(tmp)
