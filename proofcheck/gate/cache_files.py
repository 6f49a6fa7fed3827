"""The verdict cache's files: where the cache lives, opening its directories without
following a planted symbolic link, bounded reads, and the HMAC key (cache.py says
why each rule holds). Imports neither sympy nor numpy."""

from __future__ import annotations

import os
import stat
import sys

from ..language.safefiles import UnsafeFile, create_new, read_regular

KEY_BYTES = 32
KEY_ENV = "PROOFCHECK_CACHE_KEY"
KEY_FILE = "key"

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
SUPPORTED = bool(_O_NOFOLLOW and _O_DIRECTORY and os.open in os.supports_dir_fd and os.mkdir in os.supports_dir_fd)

_warned: set = set()


def warn(message: str) -> None:
    """Once per message and process, on standard error (standard output holds the report)."""
    if message not in _warned:
        _warned.add(message)
        print(f"proofcheck: warning: {message}", file=sys.stderr)


def user_cache_root() -> str:
    """`$XDG_CACHE_HOME/proofcheck`, else `~/.cache/proofcheck` (a relative XDG_CACHE_HOME is ignored)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "proofcheck")


def default_cache_dir() -> str:
    """Where verdicts are cached unless `--cache-dir` says otherwise: outside the checkout."""
    return os.path.join(user_cache_root(), "verdicts")


# ------------------------------------------------------------------ files


def open_dir(path: str, create: bool) -> int:
    """A descriptor of directory `path`, never reached through a symbolic link in
    the working directory's subtree (where a checkout can plant one), nor one as
    its last component anywhere. Missing directories are made (mode 0700) when
    `create`. Raises OSError (FileNotFoundError when missing and not `create`)."""
    absolute = os.path.abspath(path)  # `..` removed lexically: nothing below it is traversed
    cwd = os.getcwd()
    if absolute == cwd or absolute.startswith(cwd.rstrip(os.sep) + os.sep):
        base, parts = cwd, [p for p in os.path.relpath(absolute, cwd).split(os.sep) if p not in ("", ".")]
    else:  # the ancestors outside the checkout are the user's own (e.g. /tmp on macOS is a symlink)
        base, name = os.path.split(absolute)
        if create:
            os.makedirs(base, 0o700, exist_ok=True)
        parts = [name] if name else []
    fd = os.open(base, os.O_RDONLY | _O_DIRECTORY | _O_CLOEXEC)
    try:
        for part in parts:
            flags = os.O_RDONLY | _O_DIRECTORY | _O_NOFOLLOW | _O_CLOEXEC
            try:
                child = os.open(part, flags, dir_fd=fd)
            except FileNotFoundError:
                if not create:
                    raise
                try:
                    os.mkdir(part, 0o700, dir_fd=fd)
                except FileExistsError:
                    pass
                child = os.open(part, flags, dir_fd=fd)
            os.close(fd)
            fd = child
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_bounded(name: str, cap: int, dir_fd: int | None = None) -> bytes | None:
    """The bytes of regular file `name` if it has at most `cap` of them; None for a
    symbolic link, a FIFO, a device, a directory, a larger file or an error."""
    try:
        data = read_regular(name, cap, dir_fd)
    except (UnsafeFile, OSError):
        return None
    return None if len(data) > cap else data


# ------------------------------------------------------------------ the key


def _key_from_file(dir_fd: int, where: str) -> bytes | None:
    fd = None
    try:
        fd = os.open(KEY_FILE, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC, dir_fd=dir_fd)
        info = os.fstat(fd)
        problem = None
        if not stat.S_ISREG(info.st_mode):
            problem = "is not a regular file"
        elif info.st_size != KEY_BYTES:
            problem = "has the wrong size"
        elif hasattr(os, "getuid") and info.st_uid != os.getuid():
            problem = "belongs to another user"
        elif info.st_mode & 0o077:
            problem = "is accessible to other users"
        data = b"" if problem else os.read(fd, KEY_BYTES + 1)
        if not problem and len(data) != KEY_BYTES:
            problem = "has the wrong size"
    except FileNotFoundError:
        raise
    except OSError as exc:  # ELOOP: a symbolic link
        problem = "is a symbolic link" if _is_symlink(KEY_FILE, dir_fd) else f"cannot be read ({exc.strerror})"
    finally:
        if fd is not None:
            os.close(fd)
    if problem:
        warn(f"the cache key {where} {problem}: not using it, running without a cache "
              f"(delete it to have a new one made, or set {KEY_ENV})")
        return None
    return data


def _is_symlink(name: str, dir_fd: int) -> bool:
    try:
        return stat.S_ISLNK(os.stat(name, dir_fd=dir_fd, follow_symlinks=False).st_mode)
    except OSError:
        return False


def _new_key_file(dir_fd: int) -> None:
    """Put 32 random bytes at `key`, atomically: a concurrent run either makes it or uses ours."""
    temporary = f".{KEY_FILE}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    create_new(temporary, os.urandom(KEY_BYTES), 0o600, dir_fd)
    try:
        os.link(temporary, KEY_FILE, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
    except FileExistsError:
        pass  # another run made one first: use that
    except OSError:  # no hard links here: create it in place, still exclusively
        try:
            create_new(KEY_FILE, os.urandom(KEY_BYTES), 0o600, dir_fd)
        except FileExistsError:
            pass
    finally:
        try:
            os.unlink(temporary, dir_fd=dir_fd)
        except OSError:
            pass


def load_key() -> bytes | None:
    """The HMAC key: $PROOFCHECK_CACHE_KEY, else the key file in the user cache
    directory (made on first use); None (no cache this run) when neither is usable."""
    secret = os.environ.get(KEY_ENV, "")
    if secret:
        return b"proofcheck-env-key\0" + secret.encode("utf-8", "surrogateescape")
    if not SUPPORTED:
        warn("the verdict cache needs O_NOFOLLOW and dir_fd, which this platform lacks: running without a cache")
        return None
    root = user_cache_root()
    where = os.path.join(root, KEY_FILE)
    try:
        dir_fd = open_dir(root, create=True)
    except OSError as exc:
        warn(f"cannot use {root} for the cache key ({exc.strerror or exc}): running without a cache "
              f"(set {KEY_ENV} to cache elsewhere)")
        return None
    try:
        try:
            return _key_from_file(dir_fd, where)
        except FileNotFoundError:
            pass
        try:
            _new_key_file(dir_fd)
            return _key_from_file(dir_fd, where)
        except OSError as exc:
            warn(f"cannot create the cache key {where} ({exc.strerror or exc}): running without a cache "
                  f"(set {KEY_ENV} to cache elsewhere)")
            return None
    finally:
        os.close(dir_fd)
