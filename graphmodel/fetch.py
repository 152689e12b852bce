"""Download the newest UN Digital Library voting files (when the machine is online).

A download is all or nothing: http/https only (also after redirects), the size announced by
``Content-Length`` and a cap both enforced, one deadline for the whole transfer (a server that
drips bytes cannot hold the command forever), the body written to a hidden ``.part`` file beside
the target that is removed on any failure, and the whole file read and checked as a UN DL voting
file before it replaces anything.
"""

from __future__ import annotations

import http.client
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .errors import GraphmodelError, InputError, Ledger

# The files attached to records 4060887 (GA) and 4055387 (SC), version of February 2026.
# The library renames them at each release: pass --url with the current link when these move.
DEFAULT_URLS = {
    "GA": "https://digitallibrary.un.org/record/4060887/files/2026_02_06_ga_voting.csv",
    "SC": "https://digitallibrary.un.org/record/4055387/files/2026_02_06_sc_voting.csv",
}
#: The GA file of February 2026 is ~200 MB; a cap well above it stops a runaway download.
MAX_BYTES = 1 << 30
#: Seconds for the whole transfer (``timeout`` is per network operation).
DEADLINE = 1800.0
SCHEMES = ("http", "https")


class FetchError(GraphmodelError):
    """A download that failed or was refused; nothing was replaced."""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise FetchError(f"{req.full_url}: redirected to {newurl}, which is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str) -> str:
    scheme = urllib.parse.urlsplit(url).scheme.lower()
    if scheme not in SCHEMES:
        raise FetchError(
            f"{url}: only http:// and https:// URLs can be fetched" + (f", not {scheme}:" if scheme else "")
        )
    return url


def fetch(
    url: str,
    out: str | Path,
    *,
    timeout: float = 60.0,
    deadline: float = DEADLINE,
    max_bytes: int = MAX_BYTES,
    lenient: bool = False,
    progress: bool = False,
) -> Path:
    """Download ``url`` to ``out``, check it is a readable UN DL voting CSV or MARCXML, then replace ``out``.

    Raises :class:`FetchError` (network, size, deadline) or :class:`~graphmodel.errors.InputError`
    (content); ``out`` is untouched and no ``.part`` file is left either way.
    """
    from .sources.undl import read_any

    check_url(url)
    out = Path(out)
    if out.is_dir():
        raise FetchError(f"{out}: is a folder; give a file name to download to")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    except OSError as exc:
        raise FetchError(f"{out.parent}: cannot write the download here ({exc.strerror})") from None
    partial = Path(name)
    try:
        with os.fdopen(handle, "wb") as f:
            _download(url, f, timeout, deadline, max_bytes, progress)
            f.flush()
            os.fsync(f.fileno())
        try:
            read_any(partial, Ledger(lenient=lenient))
        except InputError as exc:
            where = f" (line {exc.line})" if exc.line else ""
            raise InputError(
                f"the download is not a usable UN DL voting file{where}: {exc.message}", url, None, exc.value
            ) from None
        os.replace(partial, out)
        fd = os.open(out.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    finally:
        partial.unlink(missing_ok=True)
    return out


def _download(url: str, f, timeout: float, deadline: float, max_bytes: int, progress: bool) -> None:
    opener = urllib.request.build_opener(_HttpOnlyRedirects)
    stop = time.monotonic() + deadline
    try:
        with opener.open(url, timeout=timeout) as response:
            announced = response.headers.get("Content-Length")
            expected = int(announced) if announced and announced.isdigit() else None
            if expected is not None and expected > max_bytes:
                raise FetchError(f"{url}: {expected} bytes announced, more than the cap of {max_bytes}")
            bar = None
            if progress:
                from tqdm import tqdm

                bar = tqdm(total=expected, unit="B", unit_scale=True, desc="download", leave=False, disable=None)
            got = 0
            while True:
                if time.monotonic() > stop:
                    raise FetchError(f"{url}: not complete after {deadline:g} s (got {got} bytes); giving up")
                block = response.read1(1 << 20)  # what has arrived: read() would wait for it all
                if not block:
                    break
                got += len(block)
                if got > max_bytes:
                    raise FetchError(f"{url}: more than the cap of {max_bytes} bytes; giving up")
                f.write(block)
                if bar is not None:
                    bar.update(len(block))
            if bar is not None:
                bar.close()
            if expected is not None and got != expected:
                raise FetchError(f"{url}: got {got} bytes of the {expected} announced (truncated)")
            if got == 0:
                raise FetchError(f"{url}: empty response")
    except FetchError:
        raise
    except http.client.IncompleteRead as exc:
        raise FetchError(f"{url}: connection closed early (truncated after {len(exc.partial)} more bytes)") from None
    except urllib.error.HTTPError as exc:
        raise FetchError(f"could not download {url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"could not download {url}: {exc.reason}") from None
    except (OSError, http.client.HTTPException, ValueError) as exc:
        raise FetchError(f"could not download {url}: {exc.__class__.__name__}: {exc}") from None


def fetch_and_import(url: str, data_dir: str | Path, *, lenient: bool = False, replace: bool = False, **kw):
    """Download ``url`` beside the dataset at ``data_dir`` and import it there (locked, atomic).

    Returns (downloaded path, import ledger).
    """
    from .dataset import import_file

    data_dir = Path(data_dir)
    target = data_dir / "downloads" / Path(urllib.parse.urlsplit(url).path).name
    if not target.name:
        target = target.with_name("undl_voting.csv")
    path = fetch(url, target, lenient=lenient, **kw)
    _, ledger = import_file(path, lenient=lenient, replace=replace, out=data_dir)
    return path, ledger
