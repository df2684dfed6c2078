"""Filesystem edge: atomic writes and links (temp file + os.replace), paths kept inside a root."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from storykit.errors import Location, Problem, StorykitError, display_path


def cannot_write(path: Path, err: OSError, folder: str = "") -> StorykitError:
    """An OSError from writing *path* as the user's problem: what cannot be written, why, and
    what to do. *folder* ("the output folder") says that *path* is a folder, and names it."""
    shown = f"to {folder} {display_path(path)}/" if folder else display_path(path)
    blocker = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
    if isinstance(err, (NotADirectoryError, FileExistsError)) and blocker is not None:
        hint = f"'{display_path(blocker)}' is a file where storykit needs a folder: rename it"
    else:
        writable = display_path(path if folder else path.parent)
        hint = (
            f"check that you may write to {writable}/ (that it is not read-only) and that "
            "the disk is not full"
        )
    reason = err.strerror or str(err)
    return StorykitError(Problem(Location.of(path), f"cannot write {shown}: {reason}", hint))


def _temporary(path: Path) -> tuple[int, str]:
    """A new temporary file beside *path* (its folder made if needed), open for writing."""
    try:
        try:
            return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        except FileNotFoundError:  # its folder is new: made once, not asked for every file
            path.parent.mkdir(parents=True, exist_ok=True)
            return tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise cannot_write(path, err) from None


def write_atomic(
    path: Path, data: bytes | str, *, durable: bool = False, mtime_ns: int | None = None
) -> None:
    """Write *data* to *path* so a reader sees the old file or the whole new one, never a part.

    The bytes go to a temporary file in the same folder, which is renamed over *path* with
    os.replace: a killed process leaves either file whole. *durable* also flushes the bytes
    to the disk first (fsync), so that a power cut cannot leave the new name with no data;
    the build's index is written so, after its outputs, and outputs are checked against
    the sizes it records, so one lost in a power cut is made again. *mtime_ns* sets the
    file's modification time before it takes the name, so no one sees it without it.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        if mtime_ns is not None:
            os.utime(tmp, ns=(mtime_ns, mtime_ns))
        os.replace(tmp, path)
    except BaseException as err:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise cannot_write(path, err) from None
        raise


def link_atomic(path: Path, source: Path) -> None:
    """Make *path* a hard link to the file *source*, atomically: a link under a temporary
    name, renamed over *path*. Where the filesystem has no hard links (FAT, some network
    shares), *path* is written as a copy instead."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise cannot_write(path, err) from None
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp"  # as write_atomic names
    try:
        os.link(source, tmp)
    except OSError:
        try:
            data = source.read_bytes()
        except OSError as err:
            raise cannot_write(path, err) from None
        write_atomic(path, data)  # no hard links here: a copy
        return
    try:
        os.replace(tmp, path)
    except OSError as err:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise cannot_write(path, err) from None


def create_new(path: Path, data: str) -> bool:
    """Write a new file only if none is there (for `storykit new`/`init`); True if written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as fh:
            fh.write(data)
    except FileExistsError:
        if path.exists() or path.is_symlink():
            return False
        raise cannot_write(path, FileExistsError(17, "a file is in the way")) from None
    except OSError as err:
        raise cannot_write(path, err) from None
    return True


def write_new(path: Path, data: bytes) -> bool:
    """Write *data* to *path* only if no file is there, atomically: the bytes go to a
    temporary file that is then linked to the name, which fails if the name is taken, so
    a file someone has is never replaced and a killed process never leaves half of one.
    True if written, False if a file was there."""
    fd, tmp = _temporary(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return False
        except OSError:  # a filesystem without hard links: the name checked, then taken
            if path.exists():
                return False
            os.replace(tmp, path)
        return True
    except OSError as err:
        raise cannot_write(path, err) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def is_inside(path: Path, root: Path) -> bool:
    """True if *path* (after resolving links) lies inside *root*."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
