"""Reading a response body under a size limit, raw and decoded.

We ask only for ``gzip``/``deflate`` and inflate ourselves with zlib's ``max_length``, so a
compression bomb stops at the limit instead of being inflated first and measured after.
"""

from __future__ import annotations

import zlib

import httpx

from scraper.errors import DecodeError, TooLarge

__all__ = ["ACCEPT_ENCODING", "read_limited"]

#: What we can inflate incrementally with an output cap (brotli's stream API cannot be capped
#: on every installed version, so we do not advertise it).
ACCEPT_ENCODING = "gzip, deflate"

_IDENTITY = frozenset({"", "identity"})
_GZIP = frozenset({"gzip", "x-gzip"})


class _Inflater:
    """Incremental gzip/zlib/raw-deflate decoder with an output cap per call."""

    def __init__(self, encoding: str) -> None:
        # 32 + MAX_WBITS: zlib detects a gzip or zlib header by itself.
        self._wbits = 32 + zlib.MAX_WBITS if encoding in _GZIP else zlib.MAX_WBITS
        self._deflate = encoding == "deflate"
        self._z = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate ``data``; returns at most ``room + 1`` bytes (more than ``room`` means the
        caller's limit is exceeded)."""
        try:
            out = self._z.decompress(data, room + 1)
        except zlib.error:
            if self._deflate and not self._started:
                # Servers that say "deflate" but send raw deflate without the zlib header.
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                self._started = True
                return self.feed(data, room)
            raise
        self._started = True
        return out

    def flush(self, room: int) -> bytes:
        return self._z.flush(room + 1) if room >= 0 else b""


async def read_limited(response: httpx.Response, limit: int, url: str) -> bytes:
    """The decoded body, raising ``TooLarge`` as soon as the raw or decoded size passes
    ``limit`` and ``DecodeError`` on a corrupt or unsupported content encoding."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    inflater: _Inflater | None = None
    if encoding not in _IDENTITY:
        if encoding not in _GZIP and encoding != "deflate":
            raise DecodeError(f"unsupported content-encoding {encoding!r}", url=url)
        inflater = _Inflater(encoding)
    parts: list[bytes] = []
    raw_size = size = 0
    try:
        async for chunk in response.aiter_raw():
            raw_size += len(chunk)
            if raw_size > limit:
                raise TooLarge(f"body exceeds {limit} bytes", url=url)
            out = inflater.feed(chunk, limit - size) if inflater else chunk
            size += len(out)
            if size > limit:
                raise TooLarge(f"decoded body exceeds {limit} bytes "
                               f"(after {raw_size} bytes received)", url=url)
            parts.append(out)
        if inflater:
            tail = inflater.flush(limit - size)
            size += len(tail)
            if size > limit:
                raise TooLarge(f"decoded body exceeds {limit} bytes", url=url)
            parts.append(tail)
    except zlib.error as exc:
        raise DecodeError(f"corrupt {encoding} body: {exc}", url=url) from None
    return b"".join(parts)
