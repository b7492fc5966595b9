"""The briefing pack of a month: gathers every figure, narrative and image once, then writes PDF or PPTX.

`write_briefing` is the one entry point (the command line and the page call it). The pack covers the
province, one district (on the 2020 and 2024 maps) or one unit of the map in force. Figures are read
through `dashboard.queries`, shaped by the dashboard's own pure helpers (so the pack and the pages agree
to the last digit), drawn by `dashboard.charts` and rendered once per image by `dashboard.images`.
"""

from __future__ import annotations

import math
import os
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, queries
from dashboard.formatting import LANGUAGES, format_change, format_month, format_value
from dashboard.i18n import TEXT, indicator_name, t
from dashboard.images import for_print, image_bytes
from dashboard.mapdata import hexagons, unit_values
from dashboard.overview import comparison_months, matched_changes, summarise
from dashboard.rankings import add_months, rankings, target_for
from dashboard.trends import aggregate, province_frame
from dashboard.upload import missing_table, missing_units
from reports.narrative import Facts, narrative
from warehouse import connect

FORMATS = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
TREND_MONTHS = 24  # two years: enough to see last year's month and the pace since
TOP = 5
MAP_SIZE = (1000, 780)  # CSS pixels; the print layout keeps 270 of them for title and source
TREND_SIZE = (1000, 620)
IMAGE_SCALE = 2.0  # about 200 dpi at the size the pictures take on an A4 page or a slide


@dataclass(frozen=True)
class Scope:
    """What the pack covers: the province, a district or a unit, and its units on the map in force."""

    kind: str  # "province" | "district" | "unit"
    code: str | None
    name: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class Ranked:
    rank: int
    name: str
    value: str


@dataclass
class Section:
    """One indicator: its narrative, map and trend pictures and the top and bottom units."""

    kpi: str
    name: str
    narrative: str
    map_png: bytes
    trend_png: bytes
    top: list[Ranked]
    bottom: list[Ranked]
    own: Ranked | None  # a unit's own place, when the pack is about one unit
    ranked: int  # how many units the ranking has


@dataclass
class Briefing:
    """Everything a pack shows, in its language; the PDF and PPTX writers only lay it out."""

    lang: str
    month: date
    scope: Scope
    edition: str
    sample: bool
    summary: pd.DataFrame  # formatted text, headers in the pack's language
    sections: list[Section]
    reported: int  # units of the scope with at least one figure this month
    missing: pd.DataFrame  # who is missing what, headers in the pack's language
    notes: list[str]
    produced: datetime = field(default_factory=datetime.now)

    def text(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

    @property
    def month_text(self) -> str:
        return format_month(self.month, self.lang)

    @property
    def sample_mark(self) -> str:
        return self.text("briefing_sample_mark")


class BriefingError(ValueError):
    """A pack that cannot be made (no figures for the month, an unknown scope…), said in both languages."""

    def __init__(self, key: str, month: date | None = None, **values: object) -> None:
        def one(lang: str) -> str:
            extra = {"month": format_month(month, lang)} if month else {}
            return t(key, lang, **values, **extra)

        self.message_vi, self.message_en = one("vi"), one("en")
        super().__init__(f"{self.message_vi} / {self.message_en}")


# --- the request ----------------------------------------------------------------------------------------------


def check_request(con: duckdb.DuckDBPyConnection, month: date, fmt: str, lang: str) -> None:
    """A clear error before any work: unknown format or language, an empty warehouse, a month without figures."""
    if fmt not in FORMATS:
        raise BriefingError("briefing_error_format", fmt=fmt, known=", ".join(FORMATS))
    if lang not in LANGUAGES:
        raise BriefingError("briefing_error_language", lang=lang, known=", ".join(LANGUAGES))
    if not queries.has_schema(con) or not queries.periods(con):
        raise BriefingError("briefing_error_empty")
    if month not in queries.periods(con):
        raise BriefingError("briefing_error_month", month=month)


def first_of_month(value: date) -> date:
    return date(value.year, value.month, 1)


def scope_choices(units: pd.DataFrame, lang: str) -> dict[str, str]:
    """Province, then districts (where the map has them), then units: {scope code: label}."""
    choices = {"": t("briefing_province", lang)}
    districts = units.dropna(subset=["district_code"]).drop_duplicates("district_code")
    for code, name in zip(districts["district_code"], districts["district_name"], strict=True):
        choices[str(code)] = t("briefing_scope_district", lang, name=name)
    for code, name, district in zip(units["code"], units["name"], units["district_name"], strict=True):
        choices[str(code)] = f"{name} – {district}" if isinstance(district, str) else str(name)
    return choices


def resolve_scope(units: pd.DataFrame, scope: str | None, lang: str) -> Scope | None:
    """`units`: the units of the map in force (`units_of_edition`). None when the code names nothing there."""
    if not scope:
        return Scope("province", None, t("briefing_province", lang), tuple(units["code"]))
    district = units[units["district_code"] == scope]
    if not district.empty:
        return Scope("district", scope, str(district["district_name"].iloc[0]), tuple(district["code"]))
    unit = units[units["code"] == scope]
    if not unit.empty:
        return Scope("unit", scope, str(unit["name"].iloc[0]), (scope,))
    return None


# --- figures ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What every indicator of one pack shares."""

    con: duckdb.DuckDBPyConnection
    month: date
    lang: str
    scope: Scope
    edition: str
    units: pd.DataFrame  # every unit of the map in force, with its place on the hexagon map
    shapes: dict  # the shapes the map draws (the district's only, for a district)
    sample: bool

    @property
    def first(self) -> date:
        return add_months(self.month, 1 - TREND_MONTHS)

    @property
    def map_units(self) -> pd.DataFrame:
        """A district's pack maps and ranks its own units; a unit is shown among the whole province."""
        if self.scope.kind == "district":
            return self.units[self.units["code"].isin(self.scope.codes)]
        return self.units


def _sum(values: pd.Series) -> float:
    return values.sum(min_count=1)  # no figure at all stays "no figure", not 0


def scope_by_month(series: dict[str, pd.DataFrame], codes: tuple[str, ...], month: date) -> pd.DataFrame:
    """The scope's sums for the overview's three months, shaped like `province_by_month.sql`.

    The series are already carried into the map in force, so last year's month counts the same units."""
    frames = []
    for kpi, frame in series.items():
        inside = frame[frame["unit_code"].isin(codes) & frame["period"].isin(comparison_months(month))]
        sums = inside.groupby("period", as_index=False).agg(
            numerator=("numerator", _sum), denominator=("denominator", _sum), units_reporting=("unit_code", "nunique")
        )
        frames.append(sums.assign(kpi=kpi))
    return pd.concat(frames, ignore_index=True)


def province_targets(con: duckdb.DuckDBPyConnection, kpi: str, year: int) -> tuple[pd.DataFrame, float | None, bool]:
    """(all targets of the indicator, the target of the year or None, whether they are examples)."""
    targets = queries.province_targets(con, kpi)
    example = bool(len(targets)) and bool((targets["source"] == "example").all())
    return targets, target_for(targets, year), example


def summary_table(
    summary: pd.DataFrame, names: dict[str, str], targets: dict[str, float | None], total: int, lang: str
) -> pd.DataFrame:
    """The overview's table for the scope, with the target and the gap to it."""
    kinds = summary["kind"]
    wanted = [targets.get(kpi) for kpi in summary["kpi"]]
    gaps = [v - w if w is not None else math.nan for v, w in zip(summary["value"], wanted, strict=True)]
    return pd.DataFrame(
        {
            t("col_indicator", lang): summary["kpi"].map(names),
            t("col_value", lang): [format_value(v, k, lang) for v, k in zip(summary["value"], kinds, strict=True)],
            t("col_vs_previous", lang): [
                format_change(v, k, lang) for v, k in zip(summary["change_previous"], kinds, strict=True)
            ],
            t("col_vs_last_year", lang): [
                format_change(v, k, lang) for v, k in zip(summary["change_last_year"], kinds, strict=True)
            ],
            t("target", lang): [format_value(w, k, lang) for w, k in zip(wanted, kinds, strict=True)],
            t("col_gap", lang): [format_change(g, k, lang) for g, k in zip(gaps, kinds, strict=True)],
            t("col_reporting", lang): [t("reporting_of", lang, n=n, total=total) for n in summary["units_reporting"]],
        }
    )


def _ranked(row: pd.Series, kind: str, lang: str) -> Ranked:
    return Ranked(int(row["rank"]), str(row["name"]), format_value(row["value"], kind, lang))


def top_and_bottom(ranked: pd.DataFrame, kind: str, lang: str) -> tuple[list[Ranked], list[Ranked]]:
    """The best and the worst units, best first in both; with fewer than ten units the two never overlap."""
    count = len(ranked)
    top = min(TOP, math.ceil(count / 2)) if count < 2 * TOP else TOP
    bottom = min(TOP, count - top)
    rows = [_ranked(row, kind, lang) for _, row in ranked.iterrows()]
    return rows[:top], rows[count - bottom :]


# --- pictures ---------------------------------------------------------------------------------------------------


def render(ctx: Context, figure: go.Figure, title: str, size: tuple[int, int], outline: str | None = None) -> bytes:
    """The figure dressed for print (title, month, source, sample notice) as a PNG."""
    printed = for_print(
        figure,
        title=title,
        period_text=f"{ctx.scope.name} · {format_month(ctx.month, ctx.lang)}",
        source=t("briefing_source", ctx.lang, edition=ctx.edition),
        sample=ctx.sample,
        lang=ctx.lang,
        width=size[0],
        height=size[1],
    )
    if outline:
        _outline(printed, ctx.shapes, outline)
    return image_bytes(printed, "png", size[0], size[1], IMAGE_SCALE)


def _outline(printed: go.Figure, shapes: dict, code: str) -> None:
    """Draws one unit's border thick, so a unit's pack shows where it is on the province map.

    The printed map is flat: longitude on x, latitude on y (see `dashboard.images.for_print`)."""
    for feature in shapes["features"]:
        if feature["id"] != code:
            continue
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for polygon in polygons:
            ring = polygon[0]
            printed.add_trace(
                go.Scatter(
                    x=[p[0] for p in ring],
                    y=[p[1] for p in ring],
                    mode="lines",
                    line={"color": "#d81b60", "width": 4},
                    hoverinfo="skip",
                    showlegend=False,
                )
            )


def map_figure(ctx: Context, values: pd.DataFrame, kind: str, name: str) -> go.Figure:
    return charts.unit_map(values, ctx.shapes, column="value", kind=kind, title=name, note="", lang=ctx.lang)


def trend_figure(ctx: Context, indicator, series: pd.DataFrame, targets: pd.DataFrame) -> go.Figure:
    """The province's line over the last months, and the district's or unit's beside it."""
    province = queries.province_series(ctx.con, indicator.kpi)
    window = (province["period"] >= pd.Timestamp(ctx.first)) & (province["period"] <= pd.Timestamp(ctx.month))
    frames = [province_frame(province[window], t("province", ctx.lang))]
    if ctx.scope.kind != "province":
        inside = series[series["unit_code"].isin(ctx.scope.codes)]
        sums = inside.groupby("period", as_index=False).agg(
            numerator=("numerator", _sum), denominator=("denominator", _sum), estimate=("estimate", "any")
        )
        frames.append(sums.assign(key=ctx.scope.name))
    steps = aggregate(pd.concat(frames, ignore_index=True), "month", indicator.aggregation, indicator.kind)
    name = indicator_name(indicator, ctx.lang)
    figure = charts.trend_lines(steps, targets, kind=indicator.kind, title=name, lang=ctx.lang, sample=False)
    return figure.update_xaxes(tickformat="%m/%Y")  # the browser would name the months in English


# --- the pack ---------------------------------------------------------------------------------------------------


def section(ctx: Context, indicator, series: pd.DataFrame, summary_row: pd.Series) -> Section:
    """One indicator's page or slide."""
    kind, lang = indicator.kind, ctx.lang
    name = indicator_name(indicator, lang)
    targets, target, example = province_targets(ctx.con, indicator.kpi, ctx.month.year)
    table = rankings(ctx.map_units, series, ctx.month, kind, target)
    ranked = table.dropna(subset=["value"])
    top, bottom = top_and_bottom(ranked, kind, lang)
    own_rows = ranked[ranked["code"] == ctx.scope.code] if ctx.scope.kind == "unit" else ranked.iloc[0:0]
    own = _ranked(own_rows.iloc[0], kind, lang) if len(own_rows) else None
    behind = None
    if kind == "rate" and target is not None and ctx.scope.kind != "unit":
        behind = int((ranked["value"] < target).sum())  # a province count target is no unit's target: rates only
    facts = Facts(
        name=name,
        kind=kind,
        month=ctx.month,
        place=t("province", lang) if ctx.scope.kind == "province" else ctx.scope.name,
        value=float(summary_row["value"]),
        change_previous=float(summary_row["change_previous"]),
        change_last_year=float(summary_row["change_last_year"]),
        target=target,
        example_target=example,
        units_below=behind,
        units_total=len(ranked),
        rank=(own.rank, len(ranked)) if own else None,
    )
    values = unit_values(ctx.map_units, series, ctx.month, kind)
    short = indicator_name(indicator, lang, short=True)
    return Section(
        kpi=indicator.kpi,
        name=name,
        narrative=narrative(facts, lang),
        map_png=render(
            ctx,
            map_figure(ctx, values, kind, name),
            t("briefing_map", lang, name=short),
            MAP_SIZE,
            outline=ctx.scope.code if ctx.scope.kind == "unit" else None,
        ),
        trend_png=render(
            ctx,
            trend_figure(ctx, indicator, series, targets),
            t("briefing_trend", lang, name=short, months=TREND_MONTHS),
            TREND_SIZE,
        ),
        top=top,
        bottom=bottom,
        own=own,
        ranked=len(ranked),
    )


def completeness(ctx: Context, catalogue: pd.DataFrame) -> tuple[int, pd.DataFrame]:
    """(units of the scope that reported anything, who is missing what) in the month."""
    figures = queries.reported_figures(ctx.con, ctx.month)
    units = ctx.units[ctx.units["code"].isin(ctx.scope.codes)]
    missing = missing_table(missing_units(figures, units, catalogue, ctx.lang), ctx.lang)
    reported = figures.loc[figures["unit_code"].isin(ctx.scope.codes), "unit_code"].nunique()
    return int(reported), missing


def reforms(con: duckdb.DuckDBPyConnection, first: date, month: date) -> list[tuple[date, str]]:
    """(first month of the new map, the map before it) for every reform within the trend's months."""
    months = [add_months(first, step) for step in range(TREND_MONTHS) if add_months(first, step) <= month]
    editions = [queries.edition_unit_count(con, m)[0] for m in months]
    return [
        (m, before) for m, before, after in zip(months[1:], editions, editions[1:], strict=False) if before != after
    ]


def notes(ctx: Context, series: dict[str, pd.DataFrame], examples: bool) -> list[str]:
    """Sources, the map and the reforms the figures crossed, estimates, targets, the sample notice."""
    lang = ctx.lang
    _, unit_count = queries.edition_unit_count(ctx.con, ctx.month)
    known = f"briefing_note_edition_{ctx.edition}" in TEXT  # the legal basis of the maps the project knows
    edition = (
        t(f"briefing_note_edition_{ctx.edition}", lang)
        if known
        else t("edition_note", lang, edition=ctx.edition, units=unit_count)
    )
    lines = [t("source_note", lang), edition]
    for start, before in reforms(ctx.con, ctx.first, ctx.month):
        month = format_month(start, lang)
        month = month[:1].lower() + month[1:] if lang == "vi" else month
        lines.append(t("briefing_note_reform", lang, month=month, old=before, edition=ctx.edition))
    estimated = {
        code
        for frame in series.values()
        for code in frame.loc[frame["estimate"].astype(bool), "unit_code"]
        if code in ctx.scope.codes
    }
    lines.append(
        t("briefing_note_estimates", lang, count=len(estimated)) if estimated else t("briefing_note_no_estimates", lang)
    )
    lines.append(t("briefing_note_targets", lang))
    if examples:
        lines.append(t("briefing_note_targets_example", lang))
    lines.append(t("briefing_note_months", lang))
    if ctx.sample:
        lines.append(t("sample_notice", lang))
    return lines


def build_briefing(con: duckdb.DuckDBPyConnection, month: date, lang: str, scope: str | None = None) -> Briefing:
    """Every figure, text and picture of the pack (`month` must have figures: see `check_request`)."""
    edition, _ = queries.edition_unit_count(con, month)
    units = queries.units_of_edition(con, edition)
    chosen = resolve_scope(units, scope, lang)
    if chosen is None:
        raise BriefingError("briefing_error_scope", month=month, scope=scope, edition=edition)
    shapes = hexagons(units)  # equal areas, as the map page opens: small urban wards stay visible in print
    if chosen.kind == "district":
        shapes = {**shapes, "features": [f for f in shapes["features"] if f["id"] in chosen.codes]}
    ctx = Context(con, month, lang, chosen, edition, units, shapes, queries.sample_in_view(con, month))
    catalogue = queries.indicators(con)
    series = {kpi: queries.unit_series(con, kpi, edition, ctx.first, month) for kpi in catalogue["kpi"]}
    if chosen.kind == "province":
        by_month = queries.province_by_month(con, comparison_months(month))  # exactly the overview's figures
    else:
        by_month = scope_by_month(series, chosen.codes, month)
    figures = pd.concat([frame.assign(kpi=kpi) for kpi, frame in series.items()], ignore_index=True)
    matched = matched_changes(figures[figures["unit_code"].isin(chosen.codes)], month, catalogue)
    summary = summarise(month, by_month, catalogue, matched)
    rows = summary.set_index("kpi")
    names = {row.kpi: indicator_name(row, lang) for row in catalogue.itertuples(index=False)}
    goals = {kpi: province_targets(con, kpi, month.year) for kpi in catalogue["kpi"]}
    sections = [section(ctx, row, series[row.kpi], rows.loc[row.kpi]) for row in catalogue.itertuples(index=False)]
    reported, missing = completeness(ctx, catalogue)
    return Briefing(
        lang=lang,
        month=month,
        scope=chosen,
        edition=edition,
        sample=ctx.sample,
        summary=summary_table(summary, names, {k: g[1] for k, g in goals.items()}, len(chosen.codes), lang),
        sections=sections,
        reported=reported,
        missing=missing,
        notes=notes(ctx, series, any(g[2] for g in goals.values())),
    )


def write_briefing(
    con: duckdb.DuckDBPyConnection, period: date, fmt: str, lang: str, out: Path, scope: str | None = None
) -> Path:
    """Writes the pack of `period`'s month as PDF or PPTX to `out`; ValueError (in both languages) when the
    format, the language or the scope is unknown, or the warehouse has no figures for the month."""
    from reports.pdf import write_pdf  # imported here: each writer imports this module for its types
    from reports.pptx import write_pptx

    month = first_of_month(period)
    check_request(con, month, fmt, lang)
    briefing = build_briefing(con, month, lang, scope)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Whole file or nothing: written beside the target, then renamed over it.
    temporary = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        (write_pdf if fmt == "pdf" else write_pptx)(briefing, temporary)
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return out


def file_name(month: date, scope: str | None, fmt: str, lang: str) -> str:
    """ "ban-tin-2023-06-193.pdf" / "briefing-2023-06-province.pptx": month and scope, no spaces or accents."""
    stem = "ban-tin" if lang == "vi" else "briefing"
    where = scope or ("toan-tinh" if lang == "vi" else "province")
    return f"{stem}-{month:%Y-%m}-{where}.{fmt}"


def pack_bytes(path: Path, period: date, fmt: str, lang: str, scope: str | None = None) -> bytes:
    """The pack as bytes, for a download button: written to a temporary file on a read-only connection."""
    with tempfile.TemporaryDirectory() as folder, connect(path, read_only=True) as con:
        out = write_briefing(con, period, fmt, lang, Path(folder) / file_name(period, scope, fmt, lang), scope)
        return out.read_bytes()
