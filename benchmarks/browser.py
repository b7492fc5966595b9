"""Prints how fast the dashboard draws in Chromium, its server time per map interaction and its map sizes.

Goals: the first chart visible within 1.5x the time a one-chart Streamlit page takes on the same
machine in the same run; under 300 KB of map figure sent to the browser; under 300 ms of server
time per interaction. Numbers to read, not a pass/fail test.

    .venv/bin/python benchmarks/browser.py [--loads 5]

Needs the system Chromium at /usr/bin/chromium (never a downloaded one).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import duckdb  # noqa: E402
from playwright.sync_api import Browser, sync_playwright  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

BOUNDARIES_2025 = REPO.parent / "shared" / "geo" / "boundaries_2025.geojson"
GOAL_RATIO, GOAL_KB, GOAL_MS = 1.5, 300, 300

ONE_CHART_PAGE = """
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

months = pd.date_range("2022-01-01", periods=58, freq="MS")
values = [0.6 + 0.005 * i for i in range(58)]
st.plotly_chart(go.Figure(go.Scatter(x=months, y=values, mode="lines+markers")), width="stretch")
"""

# Runs in the page before any of its scripts: on every animation frame, note the time (ms since
# navigation start) when the first plotly chart's SVG has a size on screen, and, on the map page,
# when MapLibre has painted the figure's shapes on its canvas.
WATCH_CHARTS = """
(() => {
    const check = () => {
        if (window.__firstChart === undefined) {
            const svg = document.querySelector('.js-plotly-plot .main-svg');
            const box = svg && svg.getBoundingClientRect();
            if (box && box.width > 0 && box.height > 0) window.__firstChart = performance.now();
        }
        if (window.__mapPainted === undefined) {
            const gd = document.querySelector('.js-plotly-plot');
            const layout = gd && gd._fullLayout;
            const map = layout && layout.map && layout.map._subplot && layout.map._subplot.map;
            if (map && map.loaded() && map.queryRenderedFeatures().length > 0) window.__mapPainted = performance.now();
        }
        requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
})();
"""


# --- first chart in the browser -------------------------------------------------------------------


def load(browser: Browser, url: str, map_page: bool = False) -> tuple[float, float | None]:
    """One fresh session: ms from navigation start to the first chart visible (and to the map painted)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN", service_workers="block")
    try:
        context.add_init_script(WATCH_CHARTS)
        page = context.new_page()
        page.goto(url, wait_until="commit")
        page.wait_for_function("() => window.__firstChart !== undefined", timeout=60_000)
        if map_page:
            page.wait_for_function("() => window.__mapPainted !== undefined", timeout=60_000)
        first, painted = page.evaluate("() => [window.__firstChart, window.__mapPainted ?? null]")
        return first, painted
    finally:
        context.close()


def first_chart_times(
    browser: Browser, one_chart_url: str, app_url: str, loads: int, goal: float = GOAL_RATIO, wait_paint: bool = True
) -> None:
    """Fresh page loads, round robin; with `wait_paint`, the map page also waits for MapLibre's shapes."""
    targets = {
        "one-chart page": one_chart_url,
        "/ (overview)": app_url + "/",
        "/map": app_url + "/map",
        "/trends": app_url + "/trends",
    }
    for url in targets.values():  # warm-up: the servers' first sessions import everything
        load(browser, url, map_page=wait_paint and url.endswith("/map"))
    times: dict[str, list[float]] = {name: [] for name in targets}
    painted: list[float] = []
    for _ in range(loads):  # round robin, so that a slow moment of the machine hits every page alike
        for name, url in targets.items():
            first, map_time = load(browser, url, map_page=wait_paint and url.endswith("/map"))
            times[name].append(first)
            if map_time is not None:
                painted.append(map_time)
    baseline = statistics.median(times["one-chart page"])
    baseline_worst = max(times["one-chart page"])
    print(f"\nFirst chart visible, ms from navigation start ({loads} fresh page loads each)")
    print(f"{'page':<22} {'median':>8} {'worst':>8} {'median ratio':>13} {'worst ratio':>12}")
    for name, values in times.items():
        median, worst = statistics.median(values), max(values)
        flag = "" if name == "one-chart page" else ("  ok" if median <= goal * baseline else f"  OVER {goal}x")
        print(f"{name:<22} {median:8.0f} {worst:8.0f} {median / baseline:12.2f}x {worst / baseline_worst:11.2f}x{flag}")
    if not wait_paint:
        return
    print(
        f"{'/map, shapes painted':<22} {statistics.median(painted):8.0f} {max(painted):8.0f} "
        f"{statistics.median(painted) / baseline:12.2f}x {max(painted) / baseline_worst:11.2f}x"
    )


# --- server time and figure size, in process with AppTest -----------------------------------------


def map_app(db: Path, period: date | None = None) -> AppTest:
    # Cached reads outside a script run (AppTest's bare mode) warn about a missing context: noise here.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    os.environ["DX_WAREHOUSE"] = str(db)
    app = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    app.session_state["lang"] = "vi"
    if period is not None:
        app.session_state["period"] = period
    app.run()
    app.switch_page("views/map.py").run()
    assert not app.exception, app.exception
    return app


def timed_run(app: AppTest, change: Callable[[AppTest], object]) -> float:
    change(app)
    started = time.perf_counter()
    app.run()
    elapsed = (time.perf_counter() - started) * 1000
    assert not app.exception, app.exception
    return elapsed


def interaction_times(db: Path, repeats: int) -> None:
    app = map_app(db)
    modes = ["change", "value"]
    scales = ["quantiles", "fixed", "data"]
    with duckdb.connect(str(db), read_only=True) as con:
        kpis = [name for (name,) in con.execute("SELECT kpi FROM indicator ORDER BY sort_order").fetchall()]
    fresh = kpis[2 : 2 + repeats]  # indicators this process has not drawn yet (kpis[0] default, kpis[1] warm-up)

    def radio(key: str, value: str) -> Callable[[AppTest], object]:
        return lambda a: a.radio(key=key).set_value(value)

    def kpi(value: str) -> Callable[[AppTest], object]:
        return lambda a: a.selectbox(key="kpi_vi").set_value(value)

    # Warm-up: one change of each kind (imports, first figure of each kind).
    timed_run(app, radio("map_mode_vi", "change"))
    timed_run(app, radio("map_mode_vi", "value"))
    timed_run(app, radio("map_scale_vi", "quantiles"))
    timed_run(app, radio("map_scale_vi", "data"))
    timed_run(app, kpi(kpis[1]))
    results = {
        "map_mode (value <-> change)": [timed_run(app, radio("map_mode_vi", modes[i % 2])) for i in range(repeats)]
    }
    timed_run(app, radio("map_mode_vi", "value"))  # the colour scale applies to value maps only
    results |= {
        "map_scale (cycling 3 scales)": [timed_run(app, radio("map_scale_vi", scales[i % 3])) for i in range(repeats)],
        # An indicator not drawn before: its reads are not in Streamlit's cache yet.
        f"kpi_vi (new indicator, {len(fresh)} runs)": [timed_run(app, kpi(value)) for value in fresh],
        "kpi_vi (indicator seen before)": [timed_run(app, kpi(kpis[i % 3])) for i in range(repeats)],
    }
    print(f"\nServer time per map interaction, ms (AppTest, whole script run, {repeats} runs after warm-up)")
    print(f"{'control':<32} {'median':>8} {'worst':>8}")
    for name, values in results.items():
        median = statistics.median(values)
        flag = "  ok" if median <= GOAL_MS else f"  OVER {GOAL_MS} ms"
        print(f"{name:<32} {median:8.0f} {max(values):8.0f}{flag}")


def figure_kb(app: AppTest) -> tuple[float, int]:
    spec = app.get("plotly_chart")[0].proto.spec
    return len(spec.encode()) / 1024, len(json.loads(spec)["data"][0]["locations"])


def figure_sizes(db: Path, geo_db: Path | None) -> None:
    print("\nMap figure sent to the browser (plotly JSON)")
    rows = [
        ("2020 hexagons, 06/2023", *figure_kb(map_app(db, date(2023, 6, 1)))),
        ("2025 hexagons, 10/2026", *figure_kb(map_app(db))),
    ]
    if geo_db is not None:
        app = map_app(geo_db)
        app.radio(key="map_shape_vi").set_value("geographic").run()
        assert not app.exception, app.exception
        rows.append(("2025 boundaries, 10/2026", *figure_kb(app)))
    else:
        print(f"  ({BOUNDARIES_2025} not found: no geographic map)")
    for name, kb, units in rows:
        flag = "ok" if kb <= GOAL_KB else f"OVER {GOAL_KB} KB"
        print(f"{name:<28} {kb:8.1f} KB  {units:4d} units  {flag}")


# --- main -----------------------------------------------------------------------------------------


def run(command: list[str]) -> None:
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=5, help="fresh page loads per page (default 5)")
    parser.add_argument("--repeats", type=int, default=5, help="runs per interaction (default 5)")
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        sys.exit(f"{CHROMIUM} not found (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="dx-bench-") as folder, ExitStack() as servers:
        root = Path(folder)
        db = root / "warehouse.duckdb"
        run([sys.executable, "-m", "etl", "sample", "--db", str(db)])
        geo_db = None
        if BOUNDARIES_2025.is_file():
            geo_db = root / "geo.duckdb"
            shutil.copy(db, geo_db)
            run([sys.executable, "-m", "geo", "import", str(BOUNDARIES_2025), "--edition", "2025", "--db", str(geo_db)])
        one_chart = root / "one_chart.py"
        one_chart.write_text(ONE_CHART_PAGE, encoding="utf-8")

        print(f"Chromium {CHROMIUM}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        app_url = servers.enter_context(streamlit_server(REPO / "app.py", root / "app.log", {"DX_WAREHOUSE": str(db)}))
        one_chart_url = servers.enter_context(streamlit_server(one_chart, root / "one_chart.log", {}, cwd=root))
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                first_chart_times(browser, one_chart_url, app_url, args.loads)
            finally:
                browser.close()
        servers.close()  # the servers are done; what follows runs in this process

        interaction_times(db, args.repeats)
        figure_sizes(db, geo_db)


if __name__ == "__main__":
    main()
