"""Where the shipped training and test data are: the project's ``shared/`` folder beside the repository.

``$BRIEFPARSE_SHARED`` overrides it (a clone elsewhere, an installed package); nothing is downloaded.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
SHARED = Path(os.environ.get("BRIEFPARSE_SHARED") or REPO.parent / "shared")
