"""Files in an untrusted repository: never read or written through a link.

Reading: a claim file may be a symbolic link to `/etc/passwd`, a FIFO that
blocks a reader forever, or a link to `/dev/zero`. Files are opened with
O_NOFOLLOW and O_NONBLOCK and checked with fstat on the open descriptor (no
window between check and use); only regular files are read, and only up to a
cap.

Writing: a committed `junit.xml -> ~/.ssh/authorized_keys` must not turn a
report into a write to the link's target. Every file proofcheck writes goes
through `write_text`: a new temporary file next to the target
(O_CREAT|O_EXCL|O_NOFOLLOW, mode 0644 before the umask) renamed over it (a
rename replaces a link itself, never what it points to); a file that must not
exist yet is opened with O_EXCL|O_NOFOLLOW, which fails on any existing name,
a dangling link included. A parent folder named on the command line is used
as it is.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat


class UnsafeFile(Exception):
    """The path is not a regular file that may be read (the message says why)."""


_KINDS = (
    (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
)


def kind_of(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular(path: str, cap: int, dir_fd: int | None = None) -> bytes:
    """At most `cap + 1` bytes of a regular file that is not a symbolic link
    (`path` relative to the directory `dir_fd`, when given)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeFile("is a symbolic link; claim files are never read through links") from None
        raise UnsafeFile(f"cannot read file: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise UnsafeFile(f"is {kind_of(mode)}, not a regular file; it is not read")
        chunks, size = [], 0
        while size <= cap:
            chunk = os.read(fd, cap + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def link_in_path(path: str, base: str | None = None) -> str | None:
    """The first component of `path` below `base` that is a symbolic link, if any.

    `base` defaults to the working directory: the repository, whose links are
    untrusted. Folders above it are the user's own choice (a home folder may
    well be a link), so of a path outside it only the last component is checked.
    """
    base = os.path.abspath(base or os.curdir)
    full = os.path.abspath(path)
    if full != base and not full.startswith(base.rstrip(os.sep) + os.sep):
        return full if os.path.islink(full) else None
    current = base
    for part in os.path.relpath(full, base).split(os.sep):
        if part != os.curdir:
            current = os.path.join(current, part)
            if os.path.islink(current):
                return current
    return None


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
MODE = 0o644


def write_text(path: str, text: str, *, replace: bool = True) -> None:
    """Write `text` (UTF-8) to `path` as a new file; OSError on failure.

    replace=False: fail with FileExistsError if anything has that name."""
    data = text.encode("utf-8", errors="backslashreplace")
    if not replace:
        create_new(path, data)
        return
    if os.path.isdir(path) and not os.path.islink(path):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    replace_file(path, data)


def create_new(path: str, data: bytes, mode: int = MODE, dir_fd: int | None = None) -> None:
    """Create `path` (never an existing name, never through a link) holding `data`."""
    fd = os.open(path, _FLAGS, mode, dir_fd=dir_fd)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BaseException:
        os.unlink(path, dir_fd=dir_fd)  # no half-written file is left behind
        raise
    finally:
        os.close(fd)


def replace_file(path: str, data: bytes, mode: int = MODE, dir_fd: int | None = None) -> None:
    """Put `data` at `path` atomically: a new file beside it renamed over it, which
    replaces a link itself, never what it points to."""
    directory, name = os.path.split(path)
    for _ in range(100):
        temporary = os.path.join(directory, f".{name[:200]}.{secrets.token_hex(8)}.tmp")
        try:
            create_new(temporary, data, mode, dir_fd)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(errno.EEXIST, "could not create a temporary file", directory or ".")
    try:
        os.replace(temporary, path, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except BaseException:
        try:
            os.unlink(temporary, dir_fd=dir_fd)
        except OSError:
            pass
        raise
