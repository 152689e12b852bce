"""Atomic, verified, locked storage of a dataset folder.

Layout of a store folder::

    CURRENT                  one line: the name of the version that loads
    v-20261128T123400-8f3a/  rollcalls.parquet, votes.parquet, countries.parquet,
                             build_report.json, manifest.json
    .lock                    flock(2) target that serialises writers

A write goes to a hidden temporary folder beside the versions, every file is fsynced, the
manifest (schema version, row counts, SHA-256 and size of every file) is written last, the
folder is renamed to its version name and only then is ``CURRENT`` replaced (``os.replace`` of a
fsynced temporary file, then a fsync of the folder). A process killed at any point therefore
leaves either the old ``CURRENT`` or the new one, each naming a complete version. The previous
version is kept, so that a version damaged later (a disk error, a hand edit) is detected by its
manifest and the one before it loads instead, with a warning that names the damage.

A folder holding the parquet files directly (the bundled ``data/`` of the repository, or one
written by an older version) still loads; it is verified only if it has a ``manifest.json``.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import signal
import time
import uuid
import warnings
from datetime import UTC, datetime
from pathlib import Path

from .errors import GraphmodelError

SCHEMA_VERSION = 1
TABLES = ("rollcalls", "votes", "countries")
#: Tables written by every save but not required to load (folders written before they existed).
OPTIONAL_TABLES = ("sponsorships",)
REPORT = "build_report.json"
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
LOCK = ".lock"
#: Versions kept after a write: the new one and the previous good one.
KEEP = 2
#: Seconds a writer waits for another writer before giving up (``GRAPHMODEL_LOCK_TIMEOUT``).
LOCK_TIMEOUT = 60.0


class StoreError(GraphmodelError):
    """A dataset folder that cannot be read or written safely."""


class StoreWarning(UserWarning):
    """A damaged version was skipped and an older good one loaded."""


def _checkpoint(name: str) -> None:
    # Lets the kill test stop a real writer with SIGKILL at an exact step; costs one dict lookup.
    if os.environ.get("GRAPHMODEL_STORE_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as f:
        os.fsync(f.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# ----------------------------------------------------------------------------- lock


@contextlib.contextmanager
def locked(folder: str | Path, timeout: float | None = None):
    """Hold the writer lock of ``folder``; wait up to ``timeout`` seconds for another writer.

    The lock is ``flock`` on ``folder/.lock``: the kernel drops it when its holder dies, so a
    killed writer never leaves a stale lock behind.
    """
    folder = Path(folder)
    if timeout is None:
        timeout = float(os.environ.get("GRAPHMODEL_LOCK_TIMEOUT", LOCK_TIMEOUT))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{folder}: cannot write the dataset here ({exc.strerror})") from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                    raise StoreError(
                        f"{folder}: another process (pid {holder}) is writing this dataset; "
                        f"waited {timeout:g} s (set GRAPHMODEL_LOCK_TIMEOUT to wait longer)"
                    ) from None
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock


# ----------------------------------------------------------------------------- write


def write(
    folder: str | Path, writers: dict, report: dict | None = None, *, lock: bool = True, flat: bool = False
) -> str:
    """Write a new version of the store at ``folder`` and make it current; return its name.

    ``writers`` maps a table name to a function ``f(path)`` that writes that table's parquet
    file and returns its row count. ``lock=False`` is for callers already holding :func:`locked`.
    ``flat=True`` writes the files straight into ``folder`` (the dataset bundled in the package,
    kept flat for git and the wheel): each file is replaced whole, but the set is not atomic and
    has no manifest.
    """
    folder = Path(folder)
    guard = locked(folder) if lock else contextlib.nullcontext()
    if flat:
        with guard:
            return _write_flat(folder, writers, report)
    with guard:
        _remove_leftovers(folder)
        previous = current_version(folder)
        tmp = folder / f".tmp-{uuid.uuid4().hex[:12]}"
        tmp.mkdir()
        try:
            files = {}
            for name, write_table in writers.items():
                path = tmp / f"{name}.parquet"
                rows = int(write_table(path))
                _fsync_file(path)
                files[path.name] = {"rows": rows}
                _checkpoint(f"after-{name}")
            (tmp / REPORT).write_text(json.dumps(report or {}, indent=1, default=str) + "\n")
            _fsync_file(tmp / REPORT)
            files[REPORT] = {}
            for name, entry in files.items():
                entry["bytes"] = (tmp / name).stat().st_size
                entry["sha256"] = sha256(tmp / name)
            manifest = {
                "schema_version": SCHEMA_VERSION,
                "created": datetime.now(UTC).isoformat(timespec="seconds"),
                "files": files,
            }
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
            _fsync_file(tmp / MANIFEST)
            _fsync_dir(tmp)
            _checkpoint("before-rename")
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            version = f"v-{stamp}-{uuid.uuid4().hex[:4]}"
            os.rename(tmp, folder / version)
            _fsync_dir(folder)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        _checkpoint("before-current")
        pointer = folder / f".{CURRENT}.{uuid.uuid4().hex[:8]}"
        pointer.write_text(version + "\n")
        _fsync_file(pointer)
        os.replace(pointer, folder / CURRENT)
        _fsync_dir(folder)
        _checkpoint("after-current")
        _prune(folder, version, previous)
    return version


def _write_flat(folder: Path, writers: dict, report: dict | None) -> str:
    _remove_leftovers(folder)
    tmp = folder / f".tmp-{uuid.uuid4().hex[:12]}"
    tmp.mkdir()
    try:
        for name, write_table in writers.items():
            write_table(tmp / f"{name}.parquet")
            _fsync_file(tmp / f"{name}.parquet")
        (tmp / REPORT).write_text(json.dumps(report or {}, indent=1, default=str) + "\n")
        _fsync_file(tmp / REPORT)
        for path in sorted(tmp.iterdir()):
            os.replace(path, folder / path.name)
        _fsync_dir(folder)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return folder.name


def _remove_leftovers(folder: Path) -> None:
    """Temporary folders and pointer files of writers that were killed (we hold the lock)."""
    for path in folder.glob(".tmp-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in folder.glob(f".{CURRENT}.*"):
        path.unlink(missing_ok=True)


def _prune(folder: Path, current: str, previous: str | None) -> None:
    """Keep the new version and the previous good one; remove the rest.

    The previous good one is the version ``CURRENT`` named before this write if it verifies, else
    the newest older version that does. Versions a killed writer renamed but never made current,
    and half-deleted ones, go.
    """
    older = sorted((p.name for p in folder.glob("v-*") if p.is_dir() and p.name != current), reverse=True)
    if previous in older:
        older.remove(previous)
        older.insert(0, previous)
    keep = {current}
    for name in older:
        if len(keep) >= KEEP:
            break
        try:
            verify(folder / name)
            keep.add(name)
        except StoreError:
            continue
    for name in older:
        if name not in keep:
            shutil.rmtree(folder / name, ignore_errors=True)


# ----------------------------------------------------------------------------- read


def verify(version_dir: str | Path) -> dict:
    """Check a version folder against its manifest; return the manifest or raise naming the damage."""
    version_dir = Path(version_dir)
    try:
        manifest = json.loads((version_dir / MANIFEST).read_text())
        files = manifest["files"]
    except FileNotFoundError:
        raise StoreError(f"{version_dir}: no {MANIFEST} (an unfinished write)") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{version_dir / MANIFEST}: unreadable manifest ({exc})") from None
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise StoreError(
            f"{version_dir}: schema version {manifest.get('schema_version')!r}, this graphmodel reads {SCHEMA_VERSION}"
        )
    for table in TABLES:
        if f"{table}.parquet" not in files:
            raise StoreError(f"{version_dir / MANIFEST}: lists no {table}.parquet")
    for name, entry in files.items():
        path = version_dir / name
        if not path.is_file():
            raise StoreError(f"{path}: missing")
        size = path.stat().st_size
        if size != entry["bytes"]:
            raise StoreError(f"{path}: {size} bytes, the manifest says {entry['bytes']} (truncated or replaced)")
        if sha256(path) != entry["sha256"]:
            raise StoreError(f"{path}: checksum differs from the manifest (damaged)")
    return manifest


def current_version(folder: str | Path) -> str | None:
    """The version ``CURRENT`` names, or None for a folder without one."""
    pointer = Path(folder) / CURRENT
    try:
        return pointer.read_text().strip() or None
    except FileNotFoundError:
        return None


def resolve(folder: str | Path) -> tuple[Path, dict | None, list[str]]:
    """The folder to read for ``folder``: (path, manifest or None, problems met on the way).

    Tries ``CURRENT`` first, then older versions newest first; the problems name every damaged
    version skipped. A folder without versions is read as it is (flat layout).
    """
    folder = Path(folder)
    problems: list[str] = []
    named = current_version(folder)
    versions = sorted((p.name for p in folder.glob("v-*") if p.is_dir()), reverse=True)
    if named is None and not versions:
        manifest = verify(folder) if (folder / MANIFEST).exists() else None
        return folder, manifest, problems
    candidates = ([named] if named else []) + [v for v in versions if v != named]
    if named and named not in versions:
        problems.append(f"{folder / CURRENT} names {named}, which does not exist")
        candidates = candidates[1:]
    for name in candidates:
        try:
            return folder / name, verify(folder / name), problems
        except StoreError as exc:
            problems.append(str(exc))
    raise StoreError(f"{folder}: no intact dataset version: " + "; ".join(problems))


def warn(problems: list[str], loaded: Path) -> None:
    if problems:
        warnings.warn(
            f"skipped damaged dataset ({'; '.join(problems)}); loaded the previous good version {loaded}",
            StoreWarning,
            stacklevel=3,
        )
