"""A command's outputs written as one set: all of them or none, whether the run fails, is
killed, or runs beside another run into the same folder.

Every command renders all its outputs in memory first and then calls :func:`write_set`,
which

1. takes an exclusive lock on the output folder (``flock`` on the folder itself, so no
   lock file is left behind): a second run into the same folder waits for the first to
   finish writing, then writes its own complete set;
2. finishes or removes what a killed run left behind (see below);
3. writes every changed file into a fresh staging folder inside the output folder
   (``.bordermap-<random>.tmp/``, a unique name), each file flushed to disk;
4. commits: a ``COMMITTED`` marker listing the set is renamed into the staging folder;
5. renames each staged file over its target, removes the files the set makes obsolete,
   and removes the staging folder.

A run killed before step 4 leaves the old files untouched; its staging folder is removed
by the next run. A run killed after step 4 leaves the complete new set in its staging
folder, and the next run into that folder, or the next read of it by bordermap
(:func:`reading`), moves it into place. Readers hold a shared lock while they read, so
they never see a set half-replaced.

Output names are plain file names (:data:`NAME`): no text from data can make a path
outside the output folder.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from bordermap.errors import BordermapError

#: What an output file may be called: a plain name, no folder, not hidden.
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
STAGING_PREFIX, STAGING_SUFFIX = ".bordermap-", ".tmp"
MARKER = "COMMITTED"


def check_name(name: str) -> str:
    """``name`` if it is a plain output file name; raises :class:`BordermapError` if not."""
    if not NAME.match(name) or ".." in name:
        raise BordermapError(f"{name!r} is not a plain file name (letters, digits, '.', '_', '-')")
    return name


def write_set(folder: Path, files: Mapping[str, bytes], remove: tuple[str, ...] = ()) -> list[str]:
    """Write ``files`` (name -> content) into ``folder`` as one set and delete the names in
    ``remove``; returns the names whose content changed (unchanged files are not touched).

    The folder is created if needed. See the module's description for what a failed,
    killed or concurrent run leaves.
    """
    for name in (*files, *remove):
        check_name(name)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder, exclusive=True):
        _recover(folder)
        changed = {name: data for name, data in files.items() if not _same(folder / name, data)}
        obsolete = [name for name in remove if name not in files and (folder / name).exists()]
        if not changed and not obsolete:
            return []
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, suffix=STAGING_SUFFIX, dir=folder))
        try:
            for name, data in changed.items():
                with open(staging / name, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
            marker = staging / f".{MARKER}"
            marker.write_text(json.dumps({"files": list(changed), "remove": obsolete}),
                              encoding="utf-8")
            _fsync(marker)
            os.replace(marker, staging / MARKER)  # the commit point
            _fsync(staging)
        except BaseException:
            if not (staging / MARKER).exists():
                shutil.rmtree(staging, ignore_errors=True)
            raise
        _finish(folder, staging)
    return list(changed)


@contextmanager
def reading(folder: Path) -> Iterator[None]:
    """Hold a shared lock on ``folder`` while reading it, after completing any set that a
    killed run committed but did not move into place. A missing folder is not an error
    here (the reader reports it)."""
    folder = Path(folder)
    if not folder.is_dir():
        yield
        return
    if _committed(folder):
        try:
            with _locked(folder, exclusive=True):
                _recover(folder)
        except PermissionError:
            raise BordermapError(f"{folder}: a killed run left new files to move into place, and "
                                 "this folder is read-only; run the command again where you may "
                                 "write") from None
    with _locked(folder, exclusive=False):
        yield


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _staging_folders(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob(f"{STAGING_PREFIX}*{STAGING_SUFFIX}") if p.is_dir())


def _committed(folder: Path) -> bool:
    return any((p / MARKER).is_file() for p in _staging_folders(folder))


def _recover(folder: Path) -> None:
    """Under the exclusive lock: move committed sets into place, remove uncommitted ones."""
    for staging in _staging_folders(folder):
        if (staging / MARKER).is_file():
            _finish(folder, staging)
        else:
            shutil.rmtree(staging, ignore_errors=True)


def _finish(folder: Path, staging: Path) -> None:
    """Move a committed staging folder's files into place; remove obsolete files."""
    try:
        plan = json.loads((staging / MARKER).read_text(encoding="utf-8"))
        names, obsolete = [check_name(n) for n in plan["files"]], [check_name(n) for n in plan["remove"]]
    except (OSError, ValueError, KeyError, TypeError, BordermapError):
        shutil.rmtree(staging, ignore_errors=True)  # not one of ours, or damaged: never half-apply
        return
    for name in names:
        if (staging / name).exists():  # a run killed while moving has moved some already
            os.replace(staging / name, folder / name)
    for name in obsolete:
        (folder / name).unlink(missing_ok=True)
    _fsync(folder)
    shutil.rmtree(staging, ignore_errors=True)


@contextmanager
def _locked(folder: Path, exclusive: bool) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: no locking
        yield
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"bordermap: waiting for another bordermap run to finish with {folder}",
                  file=sys.stderr)
            fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
