"""Writing reports and templates without following links (SPEC section 11).

The repository under test is untrusted: a committed `junit.xml -> ~/.ssh/
authorized_keys` must not turn a report into a write to the link's target.
Every file proofcheck writes (`--output`/`--format FORMAT:FILE` reports,
`schema -o`, `new`) goes through `write_text`:

- to replace a file, a new temporary file is created next to the target
  (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0644 before the umask) and renamed over
  it; a rename replaces a symbolic link itself, never what it points to;
- to create a file that must not exist yet (`new` without --force), the
  target itself is opened with O_CREAT|O_EXCL|O_NOFOLLOW, which fails on any
  existing name, a dangling link included.

Only the last component is protected: a parent directory reached through a
symbolic link is used as it is (the paths come from the command line).
"""

from __future__ import annotations

import errno
import os
import secrets

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
MODE = 0o644


def write_text(path: str, text: str, *, replace: bool = True) -> None:
    """Write `text` (UTF-8) to `path` as a new file; OSError on failure.

    replace=False: fail with FileExistsError if anything has that name."""
    data = text.encode("utf-8", errors="backslashreplace")
    if not replace:
        fd = os.open(path, _FLAGS, MODE)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        return
    if os.path.isdir(path) and not os.path.islink(path):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
    directory, name = os.path.split(os.path.abspath(path))
    fd, temp = _temporary(directory, name)
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(temp, path)  # atomic; replaces a link, not its target
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def _temporary(directory: str, name: str) -> tuple:
    for _ in range(100):
        temp = os.path.join(directory, f".{name[:200]}.{secrets.token_hex(8)}.tmp")
        try:
            return os.open(temp, _FLAGS, MODE), temp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not create a temporary file", directory)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
