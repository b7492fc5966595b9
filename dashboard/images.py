"""Figures as PNG (300 dpi), SVG or PDF, rendered offline by kaleido on the local Chromium.

One browser per process, started on the first image and reused for every later one (starting it costs
about two seconds, an image about a fifth of a second). The browser runs in its own thread with its own
event loop, so images can be asked for from any thread (Streamlit builds deferred downloads on a worker
thread) and a broken browser is restarted rather than leaving callers waiting.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import struct
import threading
import zlib
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from core.errors import FailedError
from dashboard.printing import A4_HEIGHT, A4_WIDTH

DPI = 300
PNG_SCALE = DPI / 96  # 3509 × 2481 pixels: A4 landscape at 300 dpi
FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 60.0
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class ImageError(FailedError):
    """The browser could not be started or could not draw the figure."""

    def __init__(self, detail: str) -> None:
        super().__init__("export_failed", code="image_failed", error=detail)


def chromium_path() -> str | None:
    """$BROWSER_PATH, else Debian's Chromium, else whatever kaleido finds."""
    if os.environ.get("BROWSER_PATH"):
        return os.environ["BROWSER_PATH"]
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


class _Browser:
    """A kaleido browser on its own event-loop thread: started once, shared by every thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None

    def _start(self) -> None:
        import kaleido  # imported late: a page that never exports never loads it

        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido-browser", daemon=True)
        thread.start()

        async def open_browser() -> Any:
            # mathjax=False: kaleido would otherwise put a CDN script on its page; plotly.js is the local copy.
            browser = kaleido.Kaleido(n=1, mathjax=False, timeout=RENDER_TIMEOUT, path=chromium_path())
            await browser.open()
            return browser

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(START_TIMEOUT)
        except BaseException as error:
            loop.call_soon_threadsafe(loop.stop)
            raise ImageError(f"cannot start Chromium for images: {error}") from error
        self._loop, self._thread = loop, thread

    def ensure_started(self) -> None:
        with self._lock:
            if not self.running():
                self._start()

    def running(self) -> bool:
        return self._kaleido is not None and self._thread is not None and self._thread.is_alive()

    def render(self, spec: dict, opts: dict) -> bytes:
        """Draws on the shared browser; one that died (killed, crashed) is restarted and asked once more."""
        for attempt in (1, 2):
            with self._lock:
                if not self.running():
                    self._start()
                loop, browser = self._loop, self._kaleido
            assert loop is not None
            future = asyncio.run_coroutine_threadsafe(browser.calc_fig(spec, opts=opts), loop)
            try:
                return future.result(RENDER_TIMEOUT + 5)
            except FutureTimeout as error:
                future.cancel()
                self.stop(browser)  # a browser that stopped answering is replaced on the next image
                raise ImageError("Chromium did not draw the image in time") from error
            except Exception as error:
                if self._alive(browser) or attempt == 2:
                    raise ImageError(f"cannot draw the image: {error}") from error
                self.stop(browser)
        raise AssertionError("unreachable")

    @staticmethod
    def _alive(browser: Any) -> bool:
        try:
            return browser.subprocess.poll() is None
        except AttributeError:
            return True

    def stop(self, only: Any = None) -> None:
        """Closes the browser (only if it is still `only`, when given: another thread may have replaced it)."""
        with self._lock:
            if only is not None and self._kaleido is not only:
                return
            loop, browser = self._loop, self._kaleido
            self._loop = self._thread = self._kaleido = None
        if loop is None:
            return
        with contextlib.suppress(Exception):  # closing a broken browser may fail; it is being dropped anyway
            asyncio.run_coroutine_threadsafe(browser.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)


_BROWSER = _Browser()
atexit.register(_BROWSER.stop)


def image_bytes(
    fig: go.Figure,
    fmt: str,
    width: int | None = None,
    height: int | None = None,
    scale: float | None = None,
) -> bytes:
    """The figure as PNG, SVG or PDF. Sizes default to the figure's layout (see `for_print`); PNG to 300 dpi.

    A PDF page is width × height CSS pixels at scale 1 (A4 landscape for `for_print`'s size)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; one of {', '.join(FORMATS)}")
    width = width or fig.layout.width or A4_WIDTH
    height = height or fig.layout.height or A4_HEIGHT
    if scale is None:
        scale = PNG_SCALE if fmt == "png" else 1
    data = _BROWSER.render(fig.to_dict(), {"format": fmt, "width": width, "height": height, "scale": scale})
    return _with_dpi(data, scale * 96) if fmt == "png" else data


def _with_dpi(png: bytes, dpi: float) -> bytes:
    """Records the resolution in the PNG (a pHYs chunk), so that Word and LibreOffice place it at print size."""
    if png[12:16] != b"IHDR" or b"pHYs" in png[:64]:
        return png
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    end_of_header = 8 + 4 + 4 + 13 + 4  # signature, length, type, IHDR data, CRC
    return png[:end_of_header] + chunk + png[end_of_header:]
