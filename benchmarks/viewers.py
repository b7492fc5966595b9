"""Prints what many viewers cost: server CPU per new session, first chart with 1, 5, 10, 20 viewers at once,
bytes per viewer, and first chart against a one-chart Streamlit page. Numbers to read, not pass/fail.

Budgets (issue 14): 10 viewers at once get their first chart within 3x the time one viewer does, on the
server side; a new session costs at most 0.3 s of server CPU; each page's first chart comes within 1.05x of
a one-chart page.

    .venv/bin/python benchmarks/viewers.py [--processes 2] [--direct] [--viewers 1,5,10,20] [--rounds 3]
                                           [--socket-rounds 7] [--server-only | --first-chart-only]

The app runs on the sample warehouse (built in a temporary folder), as `--processes` Streamlit processes
behind nginx (deploy/nginx.conf: compression, sticky sessions), or with `--direct` as one process that the
browsers reach themselves. Each viewer is a fresh headless Chromium context that opens the overview and
then, in the same session, the map and the trends through the sidebar. Server CPU is the app processes'
user + system time from /proc, over a whole batch, divided by its viewers (nginx's CPU is said apart).

The server side alone is measured by viewers that speak Streamlit's own protocol instead of drawing: each
takes the page through nginx (and its dx_route cookie), opens the WebSocket, asks for the overview as a
browser does, and times the figure of the first chart arriving and the script's end. Ten browsers on the
machine's two cores would otherwise take most of the CPU the servers are being measured on.
Needs /usr/bin/chromium (never a downloaded one) and, unless --direct, /usr/sbin/nginx.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import websockets  # noqa: E402
from playwright.async_api import Browser, async_playwright  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from benchmarks.browser import ONE_CHART_PAGE, WATCH_CHARTS, first_chart_times  # noqa: E402
from deploy import Serving, serving  # noqa: E402
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

GOAL_CPU, GOAL_CONCURRENT, GOAL_FIRST_CHART = 0.3, 3.0, 1.05
TICK = os.sysconf("SC_CLK_TCK")
# The pages after the overview, reached through the sidebar in the same session: address, chart key.
NEXT_PAGES = (("map", "unit_map"), ("trends", "trend_chart"))
# When the WebSocket opened and when the first chart's figure arrived on it (ms since navigation start):
# between the two is the server's part of the first chart. A figure's JSON always names its "layout".
WATCH_SOCKET = """
(() => {
    const Socket = window.WebSocket;
    const marker = new TextEncoder().encode('"layout"');
    const holds = (bytes) => {
        outer: for (let i = 0; i + marker.length <= bytes.length; i++) {
            for (let j = 0; j < marker.length; j++) if (bytes[i + j] !== marker[j]) continue outer;
            return true;
        }
        return false;
    };
    window.WebSocket = function (...args) {
        const socket = new Socket(...args);
        socket.addEventListener('open', () => { window.__socketOpen ??= performance.now(); });
        socket.addEventListener('message', (event) => {
            if (window.__chartSent === undefined && event.data instanceof ArrayBuffer
                && holds(new Uint8Array(event.data))) window.__chartSent = performance.now();
        });
        return socket;
    };
    window.WebSocket.prototype = Socket.prototype;
    Object.assign(window.WebSocket, Socket);
})();
"""


@dataclass
class Visit:
    """One viewer: ms from the WebSocket opened to the overview's first chart received (the server's
    part), ms from navigation start to it visible, ms from the click to each next page's chart, and the
    bytes received (decoded, and as sent on the wire)."""

    answer: float
    first: float
    next_pages: dict[str, float]
    decoded: int
    wire: int


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes so far."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of proc(5))
    return total / TICK


def with_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *map(int, children)]


IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


async def visit(browser: Browser, url: str, next_pages: bool = True) -> Visit:
    """A new viewer: the overview, then (with `next_pages`) the map and trends through the sidebar."""
    context = await browser.new_context(
        viewport={"width": 1400, "height": 1000}, locale="vi-VN", service_workers="block"
    )
    try:
        await context.add_init_script(WATCH_SOCKET + WATCH_CHARTS)
        page = await context.new_page()
        cdp = await context.new_cdp_session(page)
        counted = {"decoded": 0, "wire": 0}

        def received(event: dict) -> None:
            counted["decoded"] += event["dataLength"]

        def finished(event: dict) -> None:
            counted["wire"] += int(event["encodedDataLength"])

        def frame(event: dict) -> None:  # Streamlit's WebSocket is not compressed: decoded = sent
            payload = event["response"]["payloadData"]
            size = len(payload) * 3 // 4 if event["response"]["opcode"] == 2 else len(payload.encode())
            counted["decoded"] += size
            counted["wire"] += size

        cdp.on("Network.dataReceived", received)
        cdp.on("Network.loadingFinished", finished)
        cdp.on("Network.webSocketFrameReceived", frame)
        await cdp.send("Network.enable")
        await page.goto(url + "/", wait_until="commit")
        await page.wait_for_function("() => window.__firstChart !== undefined", timeout=180_000)
        opened, sent, first = await page.evaluate(
            "() => [window.__socketOpen ?? NaN, window.__chartSent ?? NaN, window.__firstChart]"
        )
        times = {}
        for path, key in NEXT_PAGES if next_pages else ():
            started = time.perf_counter()
            await page.click(f'[data-testid="stSidebarNav"] a[href$="/{path}"]')
            await page.wait_for_selector(f".st-key-{key} .main-svg", timeout=180_000)
            times[path] = (time.perf_counter() - started) * 1000
        await page.wait_for_selector(IDLE, state="attached", timeout=180_000)  # the page's script has ended
        return Visit(sent - opened, first, times, counted["decoded"], counted["wire"])
    finally:
        await context.close()


async def socket_visit(url: str, path: str = "") -> tuple[float, float]:
    """A viewer without a browser: ms from asking for the page's script run to its first chart's figure
    received, and to the run's end. The page is fetched first, as a browser does: nginx sets the sticky
    cookie then, and the WebSocket carries it to the same process."""
    async with httpx.AsyncClient() as http:
        page = await http.get(f"{url}/{path}")
    cookie = "; ".join(f"{name}={value}" for name, value in page.cookies.items())
    stream = url.replace("http", "ws", 1) + "/_stcore/stream"
    headers = {"Cookie": cookie} if cookie else {}
    async with websockets.connect(stream, subprotocols=["streamlit"], additional_headers=headers, max_size=None) as ws:
        ask = BackMsg()
        ask.rerun_script.page_name = path
        ask.rerun_script.context_info.locale = "vi-VN"
        ask.rerun_script.context_info.timezone = "Asia/Ho_Chi_Minh"
        ask.rerun_script.context_info.url = f"{url}/{path}"
        started, chart = time.perf_counter(), None
        await ws.send(ask.SerializeToString())
        while True:
            message = ForwardMsg()
            message.ParseFromString(await ws.recv())
            kind = message.WhichOneof("type")
            if chart is None and kind == "delta" and message.delta.new_element.WhichOneof("type") == "plotly_chart":
                chart = time.perf_counter()
            if kind == "script_finished":
                ended = time.perf_counter()
                if chart is None:
                    raise RuntimeError(f"/{path} finished without a chart")
                return (chart - started) * 1000, (ended - started) * 1000


def socket_viewers(served: Serving, counts: list[int], rounds: int) -> None:
    """The server side of `counts` viewers at once, by protocol viewers (see the module's note)."""
    apps = served.apps

    async def main() -> dict[int, list[tuple[float, float]]]:
        for app_url in served.app_urls:  # warm-up, as for the browsers
            await socket_visit(app_url)
        answers: dict[int, list[tuple[float, float]]] = {}
        for count in counts:
            answers[count], cpu = [], []
            for _ in range(rounds * 3 if count == 1 else rounds):  # the baseline: more rounds, as it is quick
                before = cpu_seconds(apps)
                answers[count] += await asyncio.gather(*(socket_visit(served.url) for _ in range(count)))
                await asyncio.sleep(0.5)
                cpu.append((cpu_seconds(apps) - before) / count)
            chart = statistics.median(a[0] for a in answers[count])
            print(
                f"{count:7d} {statistics.median(cpu):14.3f} {chart:9.0f}ms {max(a[0] for a in answers[count]):7.0f}ms"
                f" {statistics.median(a[1] for a in answers[count]):9.0f}ms  {load_average()}"
            )
        return answers

    print("\nServer side: protocol viewers of the overview at once (no browser); medians over viewers and rounds")
    print(f"{'viewers':>7} {'CPU s/session':>14} {'chart':>11} {'worst':>9} {'script end':>11}  load")
    answers = asyncio.run(main())
    if 1 in answers and 10 in answers:
        ratio = statistics.median(a[0] for a in answers[10]) / statistics.median(a[0] for a in answers[1])
        flag = "ok" if ratio <= GOAL_CONCURRENT else f"OVER {GOAL_CONCURRENT:.0f}x"
        print(f"10 viewers / 1, first chart's figure sent (server side): {ratio:.2f}x  {flag}")


async def batch(browser: Browser, url: str, viewers: int) -> list[Visit]:
    return list(await asyncio.gather(*(visit(browser, url) for _ in range(viewers))))


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def concurrent_viewers(served: Serving, counts: list[int], rounds: int) -> None:
    url, apps, nginx = served.url, served.apps, served.nginx

    async def main() -> None:
        async with async_playwright() as driver:
            browser = await driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                for app_url in served.app_urls:  # warm-up: each process imports and reads once
                    await visit(browser, app_url)
                await one_at_a_time(browser, url, apps)
                rows = []
                for count in counts:
                    cpu, nginx_cpu, visits = [], [], []
                    for _ in range(rounds):
                        proxy = with_children(nginx) if nginx else []
                        before, proxy_before = cpu_seconds(apps), cpu_seconds(proxy)
                        visits += await batch(browser, url, count)
                        await asyncio.sleep(1.0)  # sessions closed, their last messages handled
                        cpu.append((cpu_seconds(apps) - before) / count)
                        nginx_cpu.append((cpu_seconds(proxy) - proxy_before) / count)
                    rows.append((count, cpu, nginx_cpu, visits, load_average()))
                report(rows)
            finally:
                await browser.close()

    asyncio.run(main())


async def one_at_a_time(browser: Browser, url: str, apps: list[int], sessions: int = 5) -> None:
    """Server CPU of a new session alone: the overview only, and the overview, map and trends."""
    print(f"\nServer CPU per new session, one at a time ({sessions} sessions, median / worst)")
    for name, next_pages in (("overview", False), ("overview, map, trends", True)):
        spent = []
        for _ in range(sessions):
            before = cpu_seconds(apps)
            await visit(browser, url, next_pages)
            await asyncio.sleep(0.5)
            spent.append(cpu_seconds(apps) - before)
        flag = "ok" if statistics.median(spent) <= GOAL_CPU else f"OVER {GOAL_CPU} s"
        print(f"{name:<24} {statistics.median(spent):5.2f} s / {max(spent):5.2f} s  {flag}")


def report(rows: list[tuple[int, list[float], list[float], list[Visit], str]]) -> None:
    print("\nViewers at once (each: overview, then map and trends in the same session); medians over viewers")
    header = (
        f"{'viewers':>7} {'CPU s/session':>14} {'nginx s':>8} {'server answer':>13} {'first chart':>12} "
        f"{'worst':>7} {'map':>7} {'trends':>7}  load"
    )
    print(header)
    sent_by_count, first_by_count = {}, {}
    for count, cpu, nginx_cpu, visits, load in rows:
        sent = statistics.median(v.answer for v in visits)
        first = statistics.median(v.first for v in visits)
        sent_by_count[count], first_by_count[count] = sent, first
        flag = "ok" if statistics.median(cpu) <= GOAL_CPU else f"OVER {GOAL_CPU} s"
        print(
            f"{count:7d} {statistics.median(cpu):10.2f} {flag:>3} {statistics.median(nginx_cpu):8.2f} "
            f"{sent:11.0f}ms {first:10.0f}ms {max(v.first for v in visits):5.0f}ms "
            f"{statistics.median(v.next_pages['map'] for v in visits):5.0f}ms "
            f"{statistics.median(v.next_pages['trends'] for v in visits):5.0f}ms  {load}"
        )
    if 1 in first_by_count and 10 in first_by_count:
        for name, values in (
            ("server answer (socket open to chart received)", sent_by_count),
            ("first chart visible", first_by_count),
        ):
            ratio = values[10] / values[1]
            flag = "ok" if ratio <= GOAL_CONCURRENT else f"OVER {GOAL_CONCURRENT:.0f}x"
            print(f"10 viewers / 1, {name}: {ratio:.2f}x  {flag}")
    visits = [v for row in rows for v in row[3]]
    decoded, wire = statistics.median(v.decoded for v in visits), statistics.median(v.wire for v in visits)
    print(f"Bytes per viewer (3 pages): {decoded / 1e6:.2f} MB decoded, {wire / 1e6:.2f} MB on the wire")


def build_sample(db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "etl", "sample", "--db", str(db)], cwd=REPO, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"etl sample failed:\n{result.stdout}\n{result.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=2, help="app processes behind nginx (default 2)")
    parser.add_argument("--direct", action="store_true", help="one app process, no proxy")
    parser.add_argument("--viewers", default="1,5,10,20", help="viewers at once, comma separated")
    parser.add_argument("--rounds", type=int, default=3, help="batches per viewer count (default 3)")
    parser.add_argument("--server-only", action="store_true", help="only the protocol viewers, no browser")
    parser.add_argument("--first-chart-only", action="store_true", help="only first chart against a one-chart page")
    parser.add_argument("--socket-rounds", type=int, default=7, help="batches per count of protocol viewers")
    parser.add_argument("--loads", type=int, default=5, help="fresh loads per page against the one-chart page")
    args = parser.parse_args()
    if not CHROMIUM.is_file():
        sys.exit(f"{CHROMIUM} not found (Debian: apt-get install chromium)")
    counts = [int(part) for part in args.viewers.split(",")]
    with tempfile.TemporaryDirectory(prefix="dx-viewers-") as folder, ExitStack() as servers:
        root = Path(folder)
        db = root / "warehouse.duckdb"
        build_sample(db)
        one_chart = root / "one_chart.py"
        one_chart.write_text(ONE_CHART_PAGE, encoding="utf-8")
        served = servers.enter_context(serving(db, args.processes, root, proxy=not args.direct))
        mode = "one process, direct" if args.direct else f"{args.processes} processes behind nginx"
        print(f"Chromium {CHROMIUM}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; app: {mode}")
        print(f"load average at start: {load_average()}")
        if not args.first_chart_only:
            socket_viewers(served, counts, args.socket_rounds)
            if args.server_only:
                return
            concurrent_viewers(served, counts, args.rounds)

        one_chart_url = servers.enter_context(streamlit_server(one_chart, root / "one_chart.log", {}, cwd=root))
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                first_chart_times(
                    browser, one_chart_url, served.url, args.loads, goal=GOAL_FIRST_CHART, wait_paint=False
                )
            finally:
                browser.close()
        print(f"load average at end: {load_average()}")


if __name__ == "__main__":
    main()
