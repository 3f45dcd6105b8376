"""``Store.record`` in a second process, fed rows while the caller is still reading them.

A national import spends about as long checking its rows in Python as SQLite spends storing
them, and one process can do only one at a time (SQLite lets go of Python's lock only between
statements). Here the caller checks and a child process stores, on another CPU.

All or nothing, as ever: the child writes in one transaction and commits only on ``finish()``.
``close()`` before that, the caller's death, or any failure rolls the transaction back.

    writer = BackgroundRecord("ectui.db", expected=1_300_000)
    try:
        for chunk in chunks:            # lists of tuples in NewRevision's field order
            writer.send(chunk)
        count = writer.finish()         # raises StoreError with the child's message
    finally:
        writer.close()                  # rolls back unless finished

The child starts with the first chunk, so a caller that sends nothing never starts it and never
holds the write lock. Frames on the child's stdin: an 8-byte little-endian length, then that
many bytes of ``marshal`` data; a zero length commits.
"""

from __future__ import annotations

import marshal
import os
import sys

from ectui.db.store import Store, StoreError, current_user, utc_now

# Below this many rows, starting a process costs more than it saves.
WORTH_FROM_ROWS = 50_000
_LENGTH = 8
# The child takes the parent's module search path as its arguments, so that it runs the same ectui.
_BOOT = "import sys; sys.path[:] = sys.argv[1:]; from ectui.db.background import serve; serve()"
_ABANDONED = 3  # the child's exit code when the stream ended without a commit


def worth_it(rows: int) -> bool:
    """Whether ``rows`` rows are stored faster by a BackgroundRecord than in process: enough rows,
    a second CPU, and a Python to start."""
    return rows >= WORTH_FROM_ROWS and usable_cpus() >= 2 and bool(sys.executable)


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))  # a container or taskset may allow fewer than exist
    except AttributeError:  # not on every platform (macOS, Windows)
        return os.cpu_count() or 1


class BackgroundRecord:
    """See the module's docstring. ``expected`` is about how many rows will come: it decides, as
    in ``Store.record``, whether the write is a bulk load."""

    def __init__(self, path: str | os.PathLike, expected: int, author: str | None = None,
                 recorded_at: str | None = None):
        self.path, self.expected = os.fspath(path), expected
        self.author, self.recorded_at = author or current_user(), recorded_at or utc_now()
        self.process = None

    def send(self, rows: list[tuple]) -> None:
        """Hand over rows to store, in order."""
        if not rows:
            return
        try:
            data = marshal.dumps(rows)
        except ValueError:  # marshal takes exact tuples only: a NewRevision is a tuple subclass
            data = marshal.dumps(list(map(tuple, rows)))
        if self.process is None:
            self._start()
        self._frame(data)

    def finish(self) -> int:
        """Commit; returns how many rows were stored (0 if none was sent)."""
        if self.process is None:
            return 0
        self._frame(b"")
        out, err = self._wait()
        if self.process.returncode != 0:
            raise self._failure(err)
        return int(out)

    def close(self) -> None:
        """Roll back, unless ``finish()`` committed; waits for the child to end."""
        if self.process is not None and self.process.returncode is None:
            self._wait()

    def __enter__(self) -> BackgroundRecord:
        return self

    def __exit__(self, *exc) -> bool:
        self.close()
        return False

    def _start(self) -> None:
        import subprocess  # large imports only: start-up time
        self.process = subprocess.Popen([sys.executable, "-I", "-c", _BOOT, *sys.path],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._frame(marshal.dumps((self.path, self.author, self.recorded_at, self.expected)))

    def _frame(self, data: bytes) -> None:
        try:
            self.process.stdin.write(len(data).to_bytes(_LENGTH, "little"))
            self.process.stdin.write(data)
            if not data:
                self.process.stdin.flush()
        except (BrokenPipeError, ValueError):  # the child has ended (ValueError: stdin closed)
            _, err = self._wait()
            raise self._failure(err) from None

    def _wait(self) -> tuple[bytes, bytes]:
        """Close the child's stdin and wait for it to end. Unless the commit frame was sent, the
        child reads an unfinished stream and rolls back."""
        return self.process.communicate()

    def _failure(self, err: bytes) -> StoreError:
        message = err.decode("utf-8", "replace").strip()
        if "\n" in message:  # not serve's one line: Python itself failed (a traceback), say its last line
            message = f"the writing process failed ({message.splitlines()[-1]}); nothing was written"
        return StoreError(message or f"the writing process ended with code {self.process.returncode}; "
                                     "nothing was written")


# ── the child ──────────────────────────────────────────────────────────────────────────
class _Abandoned(Exception):
    """The stream ended without a commit frame: the parent closed it or died."""


def _read_frame(stream) -> bytes:
    head = stream.read(_LENGTH)
    if len(head) < _LENGTH:
        raise _Abandoned
    size = int.from_bytes(head, "little")
    data = stream.read(size)
    if len(data) < size:
        raise _Abandoned
    return data


def _batches(stream, first: bytes):
    """The lists of rows of the frames from ``first`` to the commit frame."""
    data = first
    while data:
        yield marshal.loads(data)
        data = _read_frame(stream)


def serve() -> None:
    """The child's side: store the frames on stdin, print how many rows on commit."""
    from ectui.collector import collector_paused
    stream = sys.stdin.buffer
    try:
        path, author, recorded_at, expected = marshal.loads(_read_frame(stream))
        first = _read_frame(stream)
        with collector_paused():
            count = Store(path).record_batches(_batches(stream, first), author, recorded_at=recorded_at,
                                               expected=expected) if first else 0
    except _Abandoned:
        os._exit(_ABANDONED)  # rolled back by record's transaction
    except KeyboardInterrupt:
        os._exit(130)
    except StoreError as exc:
        _fail(str(exc))
    except Exception as exc:  # noqa: BLE001 - any failure must reach the parent as one line
        _fail(f"storing the rows failed ({type(exc).__name__}: {exc}); nothing was written")
    sys.stdout.write(f"{count}\n")
    sys.stdout.flush()
    os._exit(0)  # the rows are committed: freeing a million of them one by one is wasted time


def _fail(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
    os._exit(1)
