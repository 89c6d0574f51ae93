"""Reading Whoosh segments without copying them into memory.

Whoosh 2.7 maps each compound segment file with mmap and then hands every sub-file out
as a BufferFile, whose constructor wraps the mapped bytes in a BytesIO: that copies the
whole sub-file (a 50,000-article segment's postings are hundreds of MB). Each reader
opened on the index then costs the index's size in memory and a fifth of a second; one
saved article cost the import an 800 MB peak. The file object below reads the mapped
bytes in place, so opening a reader costs what it reads.
"""

from __future__ import annotations

import io

from whoosh.filedb import structfile


class MappedFile(io.RawIOBase):
    """A read-only, seekable file over a memoryview, without a copy."""

    def __init__(self, view) -> None:
        super().__init__()
        self._view = memoryview(view)
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        end = min(self._position + len(buffer), len(self._view))
        size = end - self._position
        buffer[:size] = self._view[self._position : end]
        self._position = end
        return size

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else min(self._position + size, len(self._view))
        data = self._view[self._position : end].tobytes()
        self._position = end
        return data

    def readline(self, size: int = -1) -> bytes:
        limit = len(self._view) if size is None or size < 0 else min(self._position + size, len(self._view))
        start = self._position
        end = start
        while end < limit and self._view[end] != 0x0A:
            end += 1
        self._position = min(end + 1, limit)
        return self._view[start : self._position].tobytes()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._view)}[whence]
        self._position = max(0, base + offset)
        return self._position

    def tell(self) -> int:
        return self._position


def _buffer_file_init(self, buf, name=None, onclose=None) -> None:
    self._buf = buf
    self._name = name
    self.file = MappedFile(buf)
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def read_segments_in_place() -> None:
    """Make Whoosh's BufferFile read its mapped bytes in place (called once, at start-up)."""
    structfile.BufferFile.__init__ = _buffer_file_init
