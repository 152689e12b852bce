"""Download the newest UN Digital Library voting files (when the machine is online)."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from pathlib import Path

from .errors import GraphmodelError
from .sources.undl import detect_header

# The files attached to records 4060887 (GA) and 4055387 (SC), version of February 2026.
# The library renames them at each release: pass --url with the current link when these move.
DEFAULT_URLS = {
    "GA": "https://digitallibrary.un.org/record/4060887/files/2026_02_06_ga_voting.csv",
    "SC": "https://digitallibrary.un.org/record/4055387/files/2026_02_06_sc_voting.csv",
}


def fetch(url: str, out: str | Path, *, timeout: float = 60.0) -> Path:
    """Download ``url`` to ``out`` and check that it is a UN DL voting CSV (by its header)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_suffix(out.suffix + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, partial.open("wb") as f:
            shutil.copyfileobj(response, f)
    except (urllib.error.URLError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise GraphmodelError(f"could not download {url}: {exc}") from None
    with partial.open(encoding="utf-8-sig", errors="replace") as f:
        header = f.readline().strip().split(",")
    try:
        detect_header(header, url)
    except Exception:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(out)
    return out
