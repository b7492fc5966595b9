"""The overview: where the province (or a district, or a unit) stands on every indicator in a month, and
the province's monthly line of one indicator. The page, `python -m reports chart --kind trend` and the
briefing pack all build them here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape

import pandas as pd

from core.editions import edition_in_force
from core.figures import summed, total_value, values_of, with_values
from core.formats import format_change, format_month, format_number, format_points, format_value
from core.messages import indicator_name, t
from core.missing import CARRY_MONTHS, carried_forward, carry_window
from core.months import add_months, comparison_months, months_of_year, previous_month, same_month_last_year
from core.targets import status, target_for
from dashboard import captions, charts, tables
from dashboard.model import Chart, indicator
from warehouse.reader import Reader


def matched_changes(figures: pd.DataFrame, month: date, indicators: pd.DataFrame) -> pd.DataFrame:
    """Like-for-like changes: per indicator, the change on last month and on the same month a year
    earlier, each over the units that have a figure in both months, and how many units that is.

    A unit that misses one month's report would otherwise show as a fall in a province total (a count
    loses its teams, a rate its population). `figures` has period, kpi, unit_code, numerator and
    denominator (`unit_figures.sql`), carried into one edition so that the units are the same."""
    kinds = dict(zip(indicators["kpi"], indicators["kind"], strict=True))
    is_rate = figures["kpi"].map(kinds).eq("rate")
    usable = figures[figures["numerator"].notna() & (~is_rate | figures["denominator"].notna())]
    by_key = {key: frame.set_index("unit_code") for key, frame in usable.groupby(["kpi", "period"])}
    rows = []
    for kpi, kind in kinds.items():
        row: dict[str, object] = {"kpi": kpi}
        now = by_key.get((kpi, month))
        for name, other in (("previous", previous_month(month)), ("last_year", same_month_last_year(month))):
            before = by_key.get((kpi, other))
            common = now.index.intersection(before.index) if now is not None and before is not None else []
            row[f"compared_{name}"] = len(common)
            row[f"change_{name}"] = (
                total_value(now.loc[common], kind) - total_value(before.loc[common], kind)  # type: ignore[union-attr]
                if len(common)
                else float("nan")
            )
        rows.append(row)
    return pd.DataFrame(rows)


def summarise(
    month: date, by_month: pd.DataFrame, indicators: pd.DataFrame, matched: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per indicator: value, numerator, denominator, changes, units reporting.

    `by_month` has the columns of `province_figures.sql` for `comparison_months(month)`. With
    `matched` (see `matched_changes`) the changes are like for like, and the rows say over how many
    units; without it they are differences of the totals.
    """
    figures = by_month.copy()
    figures = figures.merge(indicators[["kpi", "kind"]], on="kpi", how="inner")
    figures["value"] = values_of(figures["numerator"], figures["denominator"], figures["kind"])
    values = figures.pivot_table(index="kpi", columns="period", values="value", aggfunc="first")
    current = figures[figures["period"] == month].set_index("kpi")
    rows = []
    for row in indicators.itertuples(index=False):
        kpi = row.kpi
        value = _lookup(values, kpi, month)
        rows.append(
            {
                "kpi": kpi,
                "kind": row.kind,
                "value": value,
                "numerator": current["numerator"].get(kpi, float("nan")),
                "denominator": current["denominator"].get(kpi, float("nan")),
                "change_previous": value - _lookup(values, kpi, previous_month(month)),
                "change_last_year": value - _lookup(values, kpi, same_month_last_year(month)),
                "units_reporting": int(current["units_reporting"].get(kpi, 0)),
                "units_carried": int(current["units_carried"].get(kpi, 0)) if "units_carried" in current else 0,
            }
        )
    summary = pd.DataFrame(rows)
    if matched is not None:
        like_for_like = matched.set_index("kpi").reindex(summary["kpi"])
        for column in ("change_previous", "change_last_year", "compared_previous", "compared_last_year"):
            summary[column] = like_for_like[column].to_numpy()
    return summary


def _lookup(values: pd.DataFrame, kpi: str, month: date) -> float:
    if kpi not in values.index or month not in values.columns:
        return float("nan")
    return float(values.at[kpi, month])


def reporting_text(reported: int, carried: int, total: int, lang: str) -> str:
    """ "52/54", or "52/54 (+2 chuyển tiếp)" when some units' stock is carried from an earlier report."""
    text = t("reporting_of", lang, n=reported, total=total)
    return text + t("reporting_carried", lang, k=carried) if carried else text


def overview_table(summary: pd.DataFrame, names: dict[str, str], unit_count: int, lang: str) -> pd.DataFrame:
    """The summary as the committee reads it: formatted text, headers in the chosen language."""

    def each(column: str, render) -> list[str]:
        return [render(value, kind) for value, kind in zip(summary[column], summary["kind"], strict=True)]

    return pd.DataFrame(
        {
            t("col_indicator", lang): summary["kpi"].map(names),
            t("col_value", lang): each("value", lambda v, k: format_value(v, k, lang)),
            t("col_vs_previous", lang): each("change_previous", lambda v, k: format_change(v, k, lang)),
            t("col_vs_last_year", lang): each("change_last_year", lambda v, k: format_change(v, k, lang)),
            t("col_numerator", lang): each("numerator", lambda v, _: format_number(v, lang)),
            t("col_denominator", lang): each("denominator", lambda v, _: format_number(v, lang)),
            t("col_reporting", lang): [
                reporting_text(n, k, unit_count, lang)
                for n, k in zip(summary["units_reporting"], summary["units_carried"], strict=True)
            ],
        }
    )


# --- the cards: one indicator at a glance ---------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """One indicator as the landing page shows it: are we on target, how did it move, who reported."""

    kpi: str
    name: str
    value: str
    status: str  # core.targets.STATUSES
    status_text: str  # with its shape: "✓ Đạt mục tiêu"
    target_line: str  # "Mục tiêu 2026: 95,0% · còn thiếu 2,1 điểm %", or "" without a target
    changes_line: str
    reporting_line: str


def cards_html(cards: Iterable[Card]) -> str:
    """The cards as one block of HTML, laid out by the stylesheet (dashboard/screen.css): one element for
    the page instead of eight bordered columns of six texts each, which took a viewer's browser about a
    tenth of a second to lay out before it drew the chart. Every text is escaped."""
    return '<div class="dx-cards">' + "".join(_card_html(card) for card in cards) + "</div>"


def _card_html(card: Card) -> str:
    notes = "".join(
        f'<p class="dx-card-note">{escape(line)}</p>'
        for line in (card.target_line, card.changes_line, card.reporting_line)
        if line
    )
    return (
        f'<section class="dx-card" data-kpi="{escape(card.kpi)}" aria-label="{escape(card.name)}">'
        f'<p class="dx-card-name">{escape(card.name)}</p>'
        f'<h3 class="dx-card-value">{escape(card.value)}</h3>'
        # The status is said by its shape and words; the colour only repeats it.
        f'<p class="dx-card-status dx-{escape(card.status)}">{escape(card.status_text)}</p>'
        f"{notes}</section>"
    )


def with_targets(summary: pd.DataFrame, targets: dict[str, pd.DataFrame], year: int) -> pd.DataFrame:
    """The summary with each indicator's target of `year` (the latest earlier one, else none), whether it is
    an example, the gap to it (value − target) and the status (core.targets)."""
    frame = summary.copy()
    chosen = {kpi: target_for(rows, year) for kpi, rows in targets.items()}
    frame["target"] = frame["kpi"].map(lambda kpi: chosen.get(kpi)).astype(float)
    frame["target_example"] = frame["kpi"].map(lambda kpi: _is_example(targets.get(kpi), year))
    frame["gap"] = frame["value"] - frame["target"]
    frame["status"] = [
        status(v, None if pd.isna(w) else w, k)
        for v, w, k in zip(frame["value"], frame["target"], frame["kind"], strict=True)
    ]
    return frame


def _is_example(rows: pd.DataFrame | None, year: int) -> bool:
    if rows is None or rows.empty:
        return False
    earlier = rows[rows["year"] <= year].sort_values("year")
    return bool(len(earlier)) and earlier["source"].iloc[-1] == "example"


def cards(summary: pd.DataFrame, names: dict[str, str], unit_count: int, year: int, lang: str) -> list[Card]:
    """The summary (with targets, see `with_targets`) as one card per indicator, every text formatted."""
    return [_card(row, names[row.kpi], unit_count, year, lang) for row in summary.itertuples(index=False)]


def _card(row, name: str, unit_count: int, year: int, lang: str) -> Card:
    kind = row.kind
    target_line = ""
    if not pd.isna(row.target):
        gap = abs(row.gap) if not pd.isna(row.gap) else float("nan")
        gap_text = format_points(gap, lang, sign=False) if kind == "rate" else format_number(gap, lang)
        key = "overview_card_target_met" if row.status == "met" else "overview_card_target"
        shown_gap = gap * 100 if kind == "rate" else gap
        if not pd.isna(shown_gap) and round(shown_gap, 1 if kind == "rate" else 0) == 0:  # "ahead by 0,0" says nothing
            key = "overview_card_target_equal"
        label = f"{year} ({t('target_example_short', lang)})" if row.target_example else str(year)
        target_line = t(key, lang, year=label, target=format_value(row.target, kind, lang), gap=gap_text)
    return Card(
        kpi=row.kpi,
        name=name,
        value=format_value(row.value, kind, lang),
        status=row.status,
        status_text=t(f"target_status.{row.status}", lang),
        target_line=target_line,
        changes_line=t(
            "overview_card_changes",
            lang,
            previous=format_change(row.change_previous, kind, lang),
            last_year=format_change(row.change_last_year, kind, lang),
        ),
        reporting_line=card_reporting_text(row.units_reporting, row.units_carried, unit_count, lang),
    )


def card_reporting_text(reported: int, carried: int, total: int, lang: str) -> str:
    """A card has room to say what the table's "(+2 chuyển tiếp)" means: how many did not report, and that
    their last figure is carried."""
    text = t("overview_card_reporting", lang, reporting=t("reporting_of", lang, n=reported, total=total))
    return f"{text}; {t('trend_carried_short', lang, k=carried)}" if carried else text


# --- the view model -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """Every indicator of one month for the province or for a scope (some units of the map in force)."""

    month: date
    edition: str
    units: int  # units of the scope on the map in force
    summary: pd.DataFrame  # one row per indicator: see `summarise` and `with_targets`
    table: pd.DataFrame  # the summary as the committee reads it
    sample: bool  # the month's figures are sample data
    cards: list[Card]  # the summary at a glance: against its target, changes, reporting


def scope_by_month(
    figures: pd.DataFrame, codes: Iterable[str], months: list[date], catalogue: pd.DataFrame
) -> pd.DataFrame:
    """Some units' figures of `months` summed under the missing-report rule (stocks carried), shaped like
    `province_figures.sql`: per period and kpi, sums and how many units reported, were carried or are in
    the scope. `figures` (carried into one map, so last year's month counts the same units) must cover
    `carry_window(months)`."""
    codes = set(codes)
    ruled = carried_forward(figures[figures["unit_code"].isin(codes)], months, aggregations(catalogue))
    sums = ruled.groupby(["period", "kpi"], as_index=False).agg(
        numerator=("numerator", summed),
        denominator=("denominator", summed),
        units_carried=("carried", "sum"),
        units_with_figure=("unit_code", "nunique"),
        estimate=("estimate", "any"),
    )
    sums["units_reporting"] = sums["units_with_figure"] - sums["units_carried"]
    sums["units_in_force"] = len(codes)
    sums["complete"] = sums["units_with_figure"] >= len(codes)
    return sums.drop(columns="units_with_figure")


def aggregations(catalogue: pd.DataFrame) -> dict[str, str]:
    """kpi → "stock" or "flow": what the missing-report rule needs to know of each indicator."""
    return dict(zip(catalogue["kpi"], catalogue["aggregation"], strict=True))


def overview_summary(source: Reader, month: date, lang: str, within: Iterable[str] | None = None) -> Summary:
    """The indicators of `month` for the province, or for the units `within` (codes of the map in force)."""
    edition = edition_in_force(month)
    catalogue = source.indicators()
    months = comparison_months(month)
    if within is None:
        figures = source.unit_figures(edition, months)
        units = source.unit_count(edition)
        by_month = source.province_by_month(months)  # the province: province_figures, the rule in SQL
    else:
        codes = set(within)
        units = len(codes)
        # Only the scope's units are read: every unit's carry window is 240 k rows at national scale.
        figures = source.unit_figures(edition, carry_window(months), codes=sorted(codes))
        by_month = scope_by_month(figures, codes, months, catalogue)
        figures = figures[figures["period"].isin(months)]  # like-for-like changes: reported figures only
    summary = summarise(month, by_month, catalogue, matched_changes(figures, month, catalogue))
    targets = {kpi: source.province_targets(kpi) for kpi in catalogue["kpi"]}
    summary = with_targets(summary, targets, month.year)
    names = {row.kpi: indicator_name(row, lang) for row in catalogue.itertuples(index=False)}
    return Summary(
        month=month,
        edition=edition,
        units=units,
        summary=summary,
        table=overview_table(summary, names, units, lang),
        sample=source.sample_in_view(month),
        cards=cards(summary, names, units, month.year, lang),
    )


def province_trend(
    source: Reader,
    kpi: str,
    lang: str,
    *,
    last: date,
    first: date | None = None,
    scope: tuple[str, Iterable[str]] | None = None,
) -> Chart:
    """The province's monthly line of one indicator up to `last` (from `first`), with its targets; months
    in which some units did not report are marked. `scope` (a name and unit codes of the map in force at
    `last`) adds that scope's own line beside the province's."""
    catalogue = source.indicators()
    about = indicator(catalogue, kpi, lang)
    series = with_values(source.province_series(kpi), about.kind)
    window = series["period"] <= pd.Timestamp(last)
    if first is not None:
        window &= series["period"] >= pd.Timestamp(first)
    series = series[window].reset_index(drop=True)
    targets = source.province_targets(kpi)
    sample = source.sample_in_view(None)
    lines = []
    if scope is not None:
        name, within = scope
        codes = sorted(set(within))
        months = [p.date() for p in series["period"]]
        start = add_months(months[0], -CARRY_MONTHS) if months else first
        # Only the scope's units are read: every unit's whole series is 190 k rows at national scale.
        figures = source.unit_series(kpi, edition_in_force(last), start, last, codes=codes).assign(kpi=kpi)
        lines.append((name, with_values(scope_series(figures, codes, months, catalogue), about.kind)))
    title = t("trend_title", lang, name=about.name)
    return Chart(
        figure=charts.province_trend(
            series, targets, kind=about.kind, name=about.name, lang=lang, sample=sample, others=lines
        ),
        data=tables.province_data(series, targets, about.kind, lang, sample=sample),
        title=title,
        period_text=captions.span_text(series["period"], lang),
        sample=sample,
        stem=f"trend-{kpi}",
        lang=lang,
    )


def scope_series(
    figures: pd.DataFrame, codes: Iterable[str], months: list[date], catalogue: pd.DataFrame
) -> pd.DataFrame:
    """Monthly sums of some units' figures of one indicator under the missing-report rule (period,
    numerator, denominator, estimate and the counts of `scope_by_month`)."""
    sums = scope_by_month(figures, codes, months, catalogue).drop(columns="kpi")
    sums["period"] = pd.to_datetime(sums["period"])
    return sums


SPANS = ("month", "ytd", "year")  # the month; the year to date ("lũy kế từ đầu năm"); the whole year


@dataclass(frozen=True)
class YearSummary:
    """Every indicator over the year to date or the whole year: flows add up over the months, stocks
    take the last month (as published annual figures do)."""

    span: str
    months: list[date]  # the months of the span that have figures
    expected: int  # months the span has (the year to date's months, or 12)
    heading: str
    table: pd.DataFrame
    summary: pd.DataFrame  # kpi, kind, value, numerator, denominator, change_last_year, complete


def _span_figures(by_month: pd.DataFrame, catalogue: pd.DataFrame, months: list[date]) -> pd.DataFrame:
    """Per indicator over `months`: a flow's sums, a stock's last month; complete when every month is."""
    rows = []
    figures = by_month[by_month["period"].isin(months)]
    for row in catalogue.itertuples(index=False):
        own = figures[figures["kpi"] == row.kpi].sort_values("period")
        if own.empty:
            rows.append({"kpi": row.kpi, "numerator": float("nan"), "denominator": float("nan"), "complete": False})
            continue
        part = own if row.aggregation == "flow" else own.iloc[[-1]]
        rows.append(
            {
                "kpi": row.kpi,
                "numerator": summed(part["numerator"]),
                "denominator": summed(part["denominator"]),
                "complete": bool(own["complete"].all()) and len(own) == len(months),
            }
        )
    frame = pd.DataFrame(rows).merge(catalogue[["kpi", "kind"]], on="kpi")
    frame["value"] = values_of(frame["numerator"], frame["denominator"], frame["kind"])
    return frame


def year_summary(source: Reader, month: date, lang: str, span: str = "ytd") -> YearSummary:
    """The indicators over the year to date up to `month` ("ytd") or over `month`'s whole year ("year"),
    with the change on the same months a year earlier."""
    catalogue = source.indicators()
    wanted = months_of_year(month, through=span == "ytd")
    earlier = [date(m.year - 1, m.month, 1) for m in wanted]
    by_month = source.province_by_month(wanted + earlier)
    available = sorted(set(by_month["period"]) & set(wanted))
    now = _span_figures(by_month, catalogue, wanted)
    before = _span_figures(by_month, catalogue, earlier).set_index("kpi")
    now["change_last_year"] = now["value"].to_numpy() - before["value"].reindex(now["kpi"]).to_numpy()
    names = {row.kpi: indicator_name(row, lang) for row in catalogue.itertuples(index=False)}
    table = pd.DataFrame(
        {
            t("col_indicator", lang): now["kpi"].map(names),
            t("col_value", lang): [format_value(v, k, lang) for v, k in zip(now["value"], now["kind"], strict=True)],
            t("col_vs_same_months", lang): [
                format_change(v, k, lang) for v, k in zip(now["change_last_year"], now["kind"], strict=True)
            ],
            t("col_numerator", lang): [format_number(v, lang) for v in now["numerator"]],
            t("col_denominator", lang): [format_number(v, lang) for v in now["denominator"]],
            t("col_complete", lang): [t("yes" if c else "span_incomplete", lang) for c in now["complete"]],
        }
    )
    heading = t(
        f"span_heading_{span}",
        lang,
        first=format_month(wanted[0], lang),
        last=format_month(month, lang),
        year=month.year,
        n=len(available),
        total=len(wanted),
    )
    return YearSummary(span, available, len(wanted), heading, table, now)
