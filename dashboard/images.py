"""Charts as print-ready images (PNG at 300 dpi, SVG, PDF), rendered offline by kaleido on the local Chromium.

One browser per process, started on the first image and reused for every later one (starting it costs
about two seconds, an image about a fifth of a second). The browser runs in its own thread with its own
event loop, so images can be asked for from any thread (Streamlit builds deferred downloads on a worker
thread) and a broken browser is restarted rather than leaving callers waiting.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import itertools
import math
import os
import shutil
import struct
import threading
import zlib
from collections.abc import Iterable
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import plotly.graph_objects as go
from plotly.colors import sample_colorscale

from core.errors import FailedError
from core.messages import t

FONT = "DejaVu Sans"  # installed with Vietnamese glyphs; nothing is fetched
A4_WIDTH, A4_HEIGHT = 1123, 794  # A4 landscape in CSS pixels (96 per inch): 297 × 210 mm
DPI = 300
PNG_SCALE = DPI / 96  # 3509 × 2481 pixels: A4 landscape at 300 dpi
FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
BAR_HEIGHT = 15
MARGIN = {"l": 60, "r": 50, "t": 120, "b": 150}
SAMPLE_COLOUR = "#b71c1c"
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 60.0
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")


class ImageError(FailedError):
    """The browser could not be started or could not draw the figure."""

    def __init__(self, detail: str) -> None:
        super().__init__("export_failed", code="image_failed", error=detail)


# --- print layout -------------------------------------------------------------------------------------------


def print_size(fig: go.Figure) -> tuple[int, int]:
    """A4 landscape; a bar chart with many bars gets a longer page, 15 px a bar (labels of 10 px, 7.5 pt)."""
    bars = [trace.y for trace in fig.data if trace.type == "bar" and trace.orientation == "h"]
    bars = max((len(y) for y in bars if y is not None), default=0)
    return A4_WIDTH, max(A4_HEIGHT, BAR_HEIGHT * bars + MARGIN["t"] + MARGIN["b"] + 40)


def for_print(
    fig: go.Figure,
    *,
    title: str,
    period_text: str,
    source: str,
    sample: bool,
    lang: str,
    width: int | None = None,
    height: int | None = None,
) -> go.Figure:
    """A copy of `fig` dressed for print: title and period on top, source at the foot, the sample-data
    notice when the figures are sample data, white background, local fonts, A4 landscape size.

    Interactive maps (MapLibre, drawn with WebGL) become vector shapes of the same colours, so that SVG
    and PDF stay vector and the image needs no WebGL.
    """
    spec = _flatten_maps(fig, fig.to_dict())  # plain dicts: an order of magnitude faster than graph objects
    default_width, default_height = print_size(fig)
    width, height = width or default_width, height or default_height
    layout = spec["layout"]
    # The page's own footnote (below the plot) is replaced by the print footer.
    notes = [a for a in layout.get("annotations", []) if not _is_footnote(a)]
    footer = source + (f"  ·  {_sample_text(lang)}" if sample else "")
    notes.append(
        {
            "text": footer,
            "xref": "paper",
            "yref": "paper",
            "x": 0,
            "y": 0,
            "xanchor": "left",
            "yanchor": "bottom",
            "yshift": -(MARGIN["b"] - 14),
            "showarrow": False,
            "align": "left",
            "font": {"size": 12, "color": "#555555"},
        }
    )
    if sample:
        notes.append(
            {
                "text": f"<b>{_sample_text(lang)}</b>",
                "xref": "paper",
                "yref": "paper",
                "x": 1,
                "y": 1,
                "xanchor": "right",
                "yanchor": "top",
                "yshift": MARGIN["t"] - 62,  # on the period line, clear of a long title
                "showarrow": False,
                "font": {"size": 16, "color": SAMPLE_COLOUR},
                "bordercolor": SAMPLE_COLOUR,
                "borderwidth": 2,
                "borderpad": 6,
                "bgcolor": "white",
            }
        )
    layout.pop("template", None)
    layout.update(
        annotations=notes,
        width=width,
        height=height,
        autosize=False,
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": FONT, "size": 13, "color": "#222222"},
        margin=MARGIN,
        title={
            "text": f"<b>{title}</b>",
            "subtitle": {"text": period_text, "font": {"size": 15, "color": "#444444"}},
            "x": MARGIN["l"] / width,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 24 / height,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 22},
        },
        legend={
            **layout.get("legend", {}),
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 56 / height,
            "yanchor": "bottom",
        },
        hovermode=False,
    )
    for name in {"xaxis", "yaxis"} | {key for key in layout if key.startswith(("xaxis", "yaxis"))}:
        axis = layout.setdefault(name, {})
        axis.setdefault("gridcolor", "#e3e3e3")
        axis.setdefault("linecolor", "#999999")
        axis.setdefault("zerolinecolor", "#bbbbbb")
        if name.startswith("xaxis"):
            axis["automargin"] = False  # the footer sits at a fixed distance below the plot
            axis.setdefault("title", {}).setdefault("standoff", 8)
    if any(trace.type == "bar" and trace.orientation == "h" for trace in fig.data):
        layout["yaxis"].update(tickfont={"size": 10}, automargin=True)  # every unit named, one per bar
    return go.Figure(spec)


def _sample_text(lang: str) -> str:
    """Both languages, whatever the interface language: the notice must be read by anyone."""
    return t("briefing_sample_mark", lang)


def _is_footnote(annotation: dict) -> bool:
    return annotation.get("yref") == "paper" and annotation.get("y") is not None and annotation["y"] < 0


# --- maps as vector shapes ------------------------------------------------------------------------------------


def _flatten_maps(fig: go.Figure, spec: dict) -> dict:
    """Choroplethmap traces → filled polygons on equal-scaled hidden axes (same shapes and colours).

    `spec` is `fig` as a dict; arrays are read from `fig`, where they are not packed as binary."""
    if not any(trace.type == "choroplethmap" for trace in fig.data):
        return spec
    data: list[dict] = []
    lons: list[float] = []
    lats: list[float] = []
    for original, trace in zip(fig.data, spec["data"], strict=True):
        if original.type != "choroplethmap":
            data.append(trace)
            continue
        features = {feature["id"]: feature for feature in original.geojson["features"]}
        z = [] if original.z is None else list(original.z)
        low, high = _range(trace, z)
        scale = [[position, _rgb(colour)] for position, colour in original.colorscale]
        line = trace.get("marker", {}).get("line", {})
        units = []
        for code, value in zip(original.locations, z, strict=False):
            feature = features.get(code)
            if feature is not None:
                rings = list(_outer_rings(feature["geometry"]))
                units.append((sum(_area(ring) for ring in rings), code, _colour(value, low, high, scale), rings))
        for _size, code, colour, rings in sorted(units, key=lambda unit: -unit[0]):  # enclosed units on top
            xs: list[float | None] = []
            ys: list[float | None] = []
            for ring in rings:
                xs += [point[0] for point in ring] + [None]
                ys += [point[1] for point in ring] + [None]
                lons += [point[0] for point in ring]
                lats += [point[1] for point in ring]
            data.append(
                {
                    "type": "scatter",
                    "x": xs,
                    "y": ys,
                    "mode": "lines",
                    "fill": "toself",
                    "fillcolor": colour,
                    "line": {"color": line.get("color", "white"), "width": line.get("width", 0.6)},
                    "name": str(code),
                    "hoverinfo": "skip",
                    "showlegend": False,
                }
            )
        if trace.get("showscale", True) and z:
            data.append(
                {
                    "type": "scatter",
                    "x": [None],
                    "y": [None],
                    "mode": "markers",
                    "showlegend": False,
                    "hoverinfo": "skip",
                    "marker": {
                        "color": [low, high],
                        "colorscale": scale,
                        "cmin": low,
                        "cmax": high,
                        "showscale": True,
                        "colorbar": trace.get("colorbar", {}),
                    },
                }
            )
    layout = {key: value for key, value in spec["layout"].items() if key != "map"}
    if lons:
        pad_x = (max(lons) - min(lons)) * 0.03 or 0.01
        pad_y = (max(lats) - min(lats)) * 0.03 or 0.01
        middle = math.radians((max(lats) + min(lats)) / 2)
        layout["xaxis"] = {"visible": False, "range": [min(lons) - pad_x, max(lons) + pad_x], "constrain": "domain"}
        layout["yaxis"] = {
            "visible": False,
            "range": [min(lats) - pad_y, max(lats) + pad_y],
            "scaleanchor": "x",
            "scaleratio": 1 / math.cos(middle),  # as on a Mercator map at the province's latitude
            "constrain": "domain",
        }
    return {**spec, "data": data, "layout": layout}


def _range(trace: dict, z: list) -> tuple[float, float]:
    values = [float(v) for v in z if v is not None and not _isnan(v)]
    low = trace.get("zmin", min(values, default=0.0))
    high = trace.get("zmax", max(values, default=1.0))
    middle = trace.get("zmid")
    if middle is not None and ("zmin" not in trace or "zmax" not in trace):
        half = max(abs(low - middle), abs(high - middle))
        low, high = middle - half, middle + half
    return float(low), float(high)


def _colour(value: Any, low: float, high: float, scale: list) -> str:
    """The colour plotly gives `value` on the trace's colour scale; missing values grey."""
    if value is None or _isnan(value):
        return "#d9d9d9"
    position = 0.5 if high == low else min(1.0, max(0.0, (float(value) - low) / (high - low)))
    return sample_colorscale(scale, [position])[0]


def _rgb(colour: str) -> str:
    if colour.startswith("#") and len(colour) == 7:
        return f"rgb({int(colour[1:3], 16)},{int(colour[3:5], 16)},{int(colour[5:7], 16)})"
    return colour


def _isnan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _outer_rings(geometry: dict) -> Iterable[list]:
    if geometry["type"] == "Polygon":
        yield geometry["coordinates"][0]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield polygon[0]


def _area(ring: list) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring))) / 2


# --- the browser ----------------------------------------------------------------------------------------------


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


def browser_running() -> bool:
    return _BROWSER.running()


def start_browser() -> None:
    """Starts the shared browser now rather than on the first image (benchmarks, warm-up)."""
    _BROWSER.ensure_started()


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


def png_size(png: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", png[16:24])
    return width, height
