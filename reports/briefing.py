"""The briefing pack of a month: the pages' own view models (overview, map, trend, ranking, reporting)
for the province, one district (on the 2020 and 2024 maps) or one unit, a narrative written from their
figures, every picture rendered once, then laid out as PDF or PowerPoint.

`pack_bytes` is the one entry point: the briefing page and `python -m reports briefing` call it.
"""

from __future__ import annotations

import math
from datetime import date

import pandas as pd

from core.editions import edition_in_force
from core.errors import UsageError
from core.formats import format_change, format_month, format_percent, format_value
from core.messages import LANGUAGES, has, indicator_name, t
from core.missing import carries
from core.months import add_months, first_of_month
from dashboard.maplabels import key_groups
from dashboard.mapview import map_view
from dashboard.overview import overview_summary, province_trend, reporting_text
from dashboard.rankings import RankingView, ranking_view, target_for
from dashboard.reporting import reporting_view
from reports import pdf, pptx
from reports.layouts import Template, check_template
from reports.narrative import Facts, sentences
from reports.pack import Boxes, Briefing, Ranked, RankedList, Scope, Section
from reports.pdf import pdf_bytes
from reports.pictures import map_picture, trend_picture
from reports.pptx import pptx_bytes
from warehouse.reader import Reader

FORMATS = {
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
TREND_MONTHS = 24  # two years: enough to see last year's month and the pace since
TOP = 5
BOXES = {"pdf": pdf.BOXES, "pptx": pptx.BOXES}  # each layout's picture sizes: pictures are drawn to fit them


# --- the request ----------------------------------------------------------------------------------------------


def check_request(source: Reader, month: date, fmt: str, lang: str) -> None:
    """A clear error before any work: unknown format or language, an empty warehouse, a month without figures."""
    if fmt not in FORMATS:
        raise UsageError("briefing_error_format", fmt=fmt, known=", ".join(FORMATS))
    if lang not in LANGUAGES:
        raise UsageError("briefing_error_language", lang=lang, known=", ".join(LANGUAGES))
    months = source.periods() if source.has_schema() else []
    if not months:
        raise UsageError("briefing_error_empty")
    if month not in months:
        raise UsageError("briefing_error_month", month=month)


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
    """`units`: the units of the map in force. None when the code names nothing there."""
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


def summary_table(
    summary: pd.DataFrame, names: dict[str, str], targets: dict[str, float | None], total: int, lang: str
) -> pd.DataFrame:
    """The overview's table for the scope, with the target and the gap to it."""
    kinds = summary["kind"]
    wanted = [targets.get(kpi) for kpi in summary["kpi"]]
    gaps = [v - w if w is not None else math.nan for v, w in zip(summary["value"], wanted, strict=True)]

    def each(values, render) -> list[str]:
        return [render(v, k) for v, k in zip(values, kinds, strict=True)]

    return pd.DataFrame(
        {
            t("col_indicator", lang): summary["kpi"].map(names),
            t("col_value", lang): each(summary["value"], lambda v, k: format_value(v, k, lang)),
            t("col_vs_previous", lang): each(summary["change_previous"], lambda v, k: format_change(v, k, lang)),
            t("col_vs_last_year", lang): each(summary["change_last_year"], lambda v, k: format_change(v, k, lang)),
            t("target", lang): each(wanted, lambda v, k: format_value(v, k, lang)),
            t("col_gap", lang): each(gaps, lambda v, k: format_change(v, k, lang)),
            t("col_reporting", lang): [
                reporting_text(n, k, total, lang)
                for n, k in zip(summary["units_reporting"], summary["units_carried"], strict=True)
            ],
        }
    )


def _ranked(row: pd.Series, kind: str, lang: str, target: float | None = None) -> Ranked:
    return Ranked(int(row["rank"]), str(row["name"]), value_text(row["value"], kind, lang, target))


def value_text(value: float, kind: str, lang: str, target: float | None = None) -> str:
    """The value as printed; a rate just short of its target gets the decimals that show it is short, so a
    list of units below the target never reads "100,0%" against a target of 100%."""
    if kind != "rate" or target is None or value >= target:
        return format_value(value, kind, lang)
    for decimals in (1, 2):
        text = format_percent(value, lang, decimals)
        if text != format_percent(target, lang, decimals):
            return text
    return format_percent(value, lang, 3)


def top_count(count: int) -> int:
    """Five at the top; with fewer than ten units, the better half, so the two lists never overlap."""
    return min(TOP, math.ceil(count / 2)) if count < 2 * TOP else TOP


def unit_targets(ranking: RankingView, kind: str, own: dict[str, float]) -> pd.Series | None:
    """Each ranked unit's target: its own (set on the admin page), else the province's for a rate. A
    province count (1.473 teams) is no single unit's target. None when no unit has a target."""
    table = ranking.table
    wanted = table["target"] if kind == "rate" else table["code"].map(own)
    wanted = pd.to_numeric(wanted, errors="coerce")
    return None if wanted.isna().all() else wanted


def top_and_lowest(
    ranked: pd.DataFrame, kind: str, lang: str, wanted: pd.Series | None = None
) -> tuple[RankedList, RankedList]:
    """The best units, and the lowest: with targets, only units below their own target (the lowest five
    of them), else "every unit met the target"; without any target, the lowest five below the best value
    (else "every unit stands at 100%"). `ranked`
    holds the units with a figure, best first; `wanted` their targets (aligned to `ranked`, NaN: none).
    A unit of the top list is never listed again as one of the lowest."""
    count = len(ranked)
    top = top_count(count)
    best = [_ranked(row, kind, lang) for _, row in ranked.iloc[:top].iterrows()]
    top_list = RankedList(t("briefing_top", lang, n=len(best)), best)
    if wanted is None:
        # No target to fall short of: the lowest are simply the lowest, but never units level with the best
        # (every village with its team is 100%: none of them is "lowest").
        if count <= top:  # one unit, or none: nothing to compare
            return top_list, RankedList(t("briefing_lowest_none", lang), [])
        best_value = ranked["value"].iloc[0]
        rest = ranked.iloc[max(top, count - TOP) :]
        lowest = [_ranked(row, kind, lang) for _, row in rest[rest["value"] < best_value].iterrows()]
        if lowest:
            return top_list, RankedList(t("briefing_lowest", lang, n=len(lowest)), lowest)
        level = t("briefing_all_level", lang, value=value_text(best_value, kind, lang))
        return top_list, RankedList(t("briefing_lowest_none", lang), [], level)
    targets = wanted.reindex(ranked.index)
    below = ranked[ranked["value"] < targets]  # NaN targets compare False: a unit without one is not judged
    listed = below[below.index.isin(ranked.index[top:])].iloc[-TOP:]
    rows = [_ranked(row, kind, lang, float(targets[index])) for index, row in listed.iterrows()]
    if below.empty:
        return top_list, RankedList(t("briefing_below_none", lang), [], t("briefing_all_met", lang))
    if not rows:  # a small district: the few units below target are in the top half
        return top_list, RankedList(t("briefing_below_none", lang), [], t("briefing_below_in_top", lang))
    if len(rows) == len(below):
        return top_list, RankedList(t("briefing_below", lang, n=len(rows)), rows)
    return top_list, RankedList(t("briefing_below_lowest", lang, n=len(rows), total=len(below)), rows)


# --- the pack ---------------------------------------------------------------------------------------------------


def section(source: Reader, row, month: date, lang: str, scope: Scope, summary_row: pd.Series, boxes: Boxes) -> Section:
    """One indicator's page or slide: the map and ranking of the pages, and the overview's trend."""
    kind = row.kind
    name = indicator_name(row, lang)
    edition = edition_in_force(month)
    # A district's pack maps and ranks its own units; a unit is shown among the whole province.
    within = scope.codes if scope.level == "district" else None
    ranking = ranking_view(source, month, row.kpi, lang, within=within)
    has_value = ranking.table["value"].notna()
    ranked = ranking.table[has_value]
    wanted = unit_targets(ranking, kind, source.unit_targets(row.kpi, edition, month.year))
    top, lowest = top_and_lowest(ranked, kind, lang, None if wanted is None else wanted[has_value])
    own_rows = ranked[ranked["code"] == scope.code] if scope.level == "unit" else ranked.iloc[0:0]
    own = _ranked(own_rows.iloc[0], kind, lang) if len(own_rows) else None
    behind = None
    if kind == "rate" and wanted is not None and scope.level != "unit":
        behind = int((ranked["value"] < wanted[has_value]).sum())  # the same units the lowest list draws from
    targets = source.province_targets(row.kpi)
    reported = source.reported_figures(month)
    reported_here = set(reported.loc[reported["kpi"] == row.kpi, "unit_code"])
    names = dict(zip(ranking.table["code"], ranking.table["name"], strict=True))
    not_reported = [names[code] for code in scope.codes if code not in reported_here and code in names]
    facts = Facts(
        name=name,
        kind=kind,
        month=month,
        place=t("province", lang) if scope.level == "province" else scope.name,
        value=float(summary_row["value"]),
        change_previous=float(summary_row["change_previous"]),
        change_last_year=float(summary_row["change_last_year"]),
        target=ranking.target,
        example_target=bool(len(targets)) and bool((targets["source"] == "example").all()),
        units_below=behind,
        units_total=len(ranked),
        rank=(own.rank, len(ranked)) if own else None,
        not_reported=tuple(not_reported),
        carried=carries(row.aggregation),
    )
    the_map = map_view(source, month, row.kpi, lang, within=within)
    outline = (the_map.shapes, str(scope.code)) if scope.level == "unit" else None
    trend = province_trend(
        source,
        row.kpi,
        lang,
        last=month,
        first=add_months(month, 1 - TREND_MONTHS),
        scope=None if scope.level == "province" else (scope.name, scope.codes),
    )
    return Section(
        kpi=row.kpi,
        name=name,
        sentences=sentences(facts, lang),
        map=map_picture(the_map.chart, boxes.map, outline),
        trend=trend_picture(trend, boxes.trend),
        key=t("briefing_map_key_note", lang) if not the_map.key.empty else "",
        map_key=key_groups(the_map.key),
        top=top,
        lowest=lowest,
        own=own,
        ranked=len(ranked),
    )


def reforms(first: date, month: date) -> list[tuple[date, str]]:
    """(first month of the new map, the map before it) for every reform within the trend's months."""
    months = [add_months(first, step) for step in range(TREND_MONTHS) if add_months(first, step) <= month]
    editions = [edition_in_force(m) for m in months]
    return [
        (m, before) for m, before, after in zip(months[1:], editions, editions[1:], strict=False) if before != after
    ]


def notes(
    source: Reader, month: date, lang: str, scope: Scope, edition: str, sample: bool, examples: bool
) -> list[str]:
    """Sources, the map and the reforms the figures crossed, estimates, targets, the sample notice."""
    known = has(f"briefing_note_edition_{edition}")  # the legal basis of the maps the project knows
    lines = [
        t("source_note", lang),
        t(f"briefing_note_edition_{edition}", lang)
        if known
        else t("edition_note", lang, edition=edition, units=source.unit_count(edition)),
    ]
    first = add_months(month, 1 - TREND_MONTHS)
    for start, before in reforms(first, month):
        text = format_month(start, lang)
        text = text[:1].lower() + text[1:] if lang == "vi" else text
        lines.append(t("briefing_note_reform", lang, month=text, old=before, edition=edition))
    estimated = set()
    for kpi in source.indicators()["kpi"]:
        series = source.unit_series(kpi, edition, first, month)
        estimated |= {c for c in series.loc[series["estimate"].astype(bool), "unit_code"] if c in scope.codes}
    lines.append(
        t("briefing_note_estimates", lang, count=len(estimated)) if estimated else t("briefing_note_no_estimates", lang)
    )
    lines.append(t("briefing_note_targets", lang))
    if examples:
        lines.append(t("briefing_note_targets_example", lang))
    lines.append(t("briefing_note_months", lang))
    if sample:
        lines.append(t("sample_notice", lang))
    return lines


def build_briefing(
    source: Reader, month: date, lang: str, scope: str | None = None, boxes: Boxes = pdf.BOXES
) -> Briefing:
    """Every figure, text and picture of the pack (`month` must have figures: see `check_request`); the
    pictures are drawn for `boxes`, the picture sizes of the layout that will show them."""
    edition = edition_in_force(month)
    chosen = resolve_scope(source.units(edition), scope, lang)
    if chosen is None:
        raise UsageError("briefing_error_scope", month=month, scope=scope, edition=edition)
    within = None if chosen.level == "province" else chosen.codes
    overview = overview_summary(source, month, lang, within=within)
    catalogue = source.indicators()
    rows = overview.summary.set_index("kpi")
    names = {row.kpi: indicator_name(row, lang) for row in catalogue.itertuples(index=False)}
    targets = {kpi: source.province_targets(kpi) for kpi in catalogue["kpi"]}
    examples = any(len(g) and (g["source"] == "example").all() for g in targets.values())
    reporting = reporting_view(source, month, lang, within=chosen.codes)
    sections = [
        section(source, row, month, lang, chosen, rows.loc[row.kpi], boxes) for row in catalogue.itertuples(index=False)
    ]
    return Briefing(
        lang=lang,
        month=month,
        scope=chosen,
        edition=edition,
        sample=overview.sample,
        summary=summary_table(
            overview.summary, names, {k: target_for(g, month.year) for k, g in targets.items()}, overview.units, lang
        ),
        sections=sections,
        reported=reporting.reported,
        missing=reporting.missing,
        notes=notes(source, month, lang, chosen, edition, overview.sample, examples),
        # Every map of a pack shows the same units with the same labels: one key serves them all.
        map_key=sections[0].map_key if sections else [],
    )


def pack_bytes(
    source: Reader, period: date, fmt: str, lang: str, scope: str | None = None, template: Template | None = None
) -> bytes:
    """The pack of `period`'s month as PDF or PPTX, PowerPoint on the layouts of `template` (the province's
    own) when given; UsageError (both languages) when the format, the language, the scope or the template
    is not usable, or the warehouse has no figures for the month. Every check comes before the pictures."""
    month = first_of_month(period)
    check_request(source, month, fmt, lang)
    if template is not None:
        if fmt != "pptx":
            raise UsageError("briefing_error_template_format", fmt=fmt)
        check_template(template)
    briefing = build_briefing(source, month, lang, scope, BOXES[fmt])
    return pdf_bytes(briefing) if fmt == "pdf" else pptx_bytes(briefing, template)


def file_name(month: date, scope: str | None, fmt: str, lang: str) -> str:
    """ "ban-tin-2023-06-193.pdf" / "briefing-2023-06-province.pptx": month and scope, no spaces or accents."""
    stem = "ban-tin" if lang == "vi" else "briefing"
    where = scope or ("toan-tinh" if lang == "vi" else "province")
    return f"{stem}-{month:%Y-%m}-{where}.{fmt}"
