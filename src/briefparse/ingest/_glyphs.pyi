"""Type stub of the compiled glyph loop (``_glyphs.c``)."""

from collections.abc import Callable
from typing import Any

def page_glyphs(fns: tuple[int, ...], textpage: int | None, height: float, glyph_type: type,
                char_text: Callable[[int], str | None], turned_glyph: Callable[..., Any], out: list[Any]) -> None: ...
def plain_text(glyphs: list[Any], space: list[bool], between: Callable[[Any, Any], bool]) -> str: ...
