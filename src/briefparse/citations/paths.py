"""Where the shipped training data are: copies kept in the repository (``corpus/citations/``, AnyStyle's
training references and the CSL styles, with their licences; ``tests/gold/dev/``, the development brief's gold),
so a clone trains its model with nothing beside it and nothing downloaded.

``$BRIEFPARSE_SHARED`` points all of them at a ``shared/`` folder of the same layout instead.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
_SHARED = os.environ.get("BRIEFPARSE_SHARED")
SHARED = Path(_SHARED) if _SHARED else REPO.parent / "shared"
CITATIONS = SHARED / "citations" if _SHARED else REPO / "corpus" / "citations"
DEV_GOLD = SHARED / "gold" / "dev" if _SHARED else REPO / "tests" / "gold" / "dev"
