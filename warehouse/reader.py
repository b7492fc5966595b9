"""Every question the pages, the command lines and the briefing pack ask of the warehouse: one typed
method per question, its SQL in `warehouse/sql/<name>.sql` with bound parameters.

`Reader` says what is asked and how the answer is shaped; a subclass says how a query runs. The
same methods serve a plain connection (`ConnectionReader`, for the command lines and tests) and
Streamlit's cache (`dashboard.cache.CachedReader`), so a page and an export read the same way.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

SQL_DIR = Path(__file__).with_name("sql")


@cache
def sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text("utf-8")


def run_query(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, object]) -> pd.DataFrame:
    """The one place a read runs: `warehouse/sql/<name>.sql` with its parameters bound."""
    return con.execute(sql(name), params or None).df()


def _as_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """`period` as `datetime.date`s. A question's months are few and its rows many (190 k for every unit's
    series at national scale): each month is converted once and the rows take theirs by position, which
    is 2 ms where converting every row was 40 ms."""
    positions, months = pd.factorize(frame["period"])
    dates = np.array([month.date() for month in pd.to_datetime(months)] + [pd.NaT], dtype=object)
    frame["period"] = dates[positions]  # position -1 (no month) takes the NaT at the end, as before
    return frame


class Reader:
    """The typed questions. Subclasses implement `query`."""

    def query(self, name: str, **params: object) -> pd.DataFrame:
        raise NotImplementedError

    # --- the warehouse as a whole -------------------------------------------------------------------

    def has_schema(self) -> bool:
        return bool(self.query("has_schema")["ready"].iloc[0])

    def periods(self) -> list[date]:
        """Months with at least one current figure, newest first."""
        return list(_as_dates(self.query("periods"))["period"])

    def sample_in_view(self, month: date | None) -> bool:
        """Whether any current figure of the month (of the whole warehouse with None) is sample data."""
        return bool(self.query("sample_in_view", period=month)["is_sample"].iloc[0])

    def earlier_uploads(self, sha256: str, month: date | None, codes: list[str]) -> pd.DataFrame:
        """Uploads in force that a new file would repeat: the same file, or the same month and units."""
        return self.query("earlier_uploads", sha256=sha256, period=month, codes=codes)

    def uploads(self) -> pd.DataFrame:
        """Every upload, newest first, with how many of its figures are still current."""
        return self.query("uploads")

    # --- reference data -----------------------------------------------------------------------------

    def indicators(self) -> pd.DataFrame:
        """The indicator catalogue in display order."""
        return self.query("indicators")

    def province_targets(self, kpi: str) -> pd.DataFrame:
        """year, value, source of the province-wide targets of one indicator."""
        return self.query("targets_province", kpi=kpi)

    def unit_targets(self, kpi: str, edition: str, year: int) -> dict[str, float]:
        """unit code → its own target of `year` (else its latest earlier one), for the units that have one."""
        frame = self.query("unit_targets", kpi=kpi, edition=edition, year=year)
        return dict(zip(frame["unit_code"], frame["value"].astype(float), strict=True))

    def units(self, edition: str) -> pd.DataFrame:
        """The units of an edition, by code, with district and place on the hexagon map."""
        return self.query("units_of_edition", edition=edition)

    def unit_count(self, edition: str) -> int:
        counts = self.query("unit_counts").set_index("edition")["units"]
        return int(counts.get(edition, 0))

    def boundaries(self, edition: str) -> pd.DataFrame:
        """unit_code, web_geojson of the imported boundaries of an edition (empty when none)."""
        return self.query("boundaries_web", edition=edition)

    def lineage(self, edition: str, code: str) -> pd.DataFrame:
        """What a unit came from and what it became (direct crosswalk steps)."""
        return self.query("lineage", edition=edition, code=code)

    def all_units(self) -> pd.DataFrame:
        """The units of every edition (edition, code, name, type, district_code, district_name)."""
        return self.query("all_units")

    def unit_aliases(self) -> pd.DataFrame:
        """edition, alias, unit_code: names an analyst matched by hand."""
        return self.query("unit_aliases")

    def column_mappings(self) -> pd.DataFrame:
        """column_key, kpi, role: columns an analyst mapped by hand."""
        return self.query("column_mappings")

    # --- figures ------------------------------------------------------------------------------------

    def province_by_month(self, months: list[date]) -> pd.DataFrame:
        """period, kpi, numerator, denominator, units_reporting, units_carried, units_in_force, complete:
        the province in each month, under the missing-report rule."""
        return _as_dates(self.query("province_figures", kpi=None, periods=months))

    def province_series(self, kpi: str) -> pd.DataFrame:
        """period (Timestamp), numerator, denominator, units_reporting, units_carried, units_in_force and
        complete, month by month, under the missing-report rule (`core.missing`)."""
        frame = self.query("province_figures", kpi=kpi, periods=None).drop(columns="kpi")
        frame["period"] = pd.to_datetime(frame["period"])
        return frame

    def district_series(self, kpi: str) -> pd.DataFrame:
        """Monthly sums of one indicator per district, for the months whose map had districts."""
        return _as_dates(self.query("district_series", kpi=kpi))

    def unit_figures(self, edition: str, months: list[date], codes: list[str] | None = None) -> pd.DataFrame:
        """Every indicator's figures for the units of `edition` (or only `codes`) in `months`, carried into
        that edition (period, kpi, unit_code, numerator, denominator, estimate; see unit_figures.sql)."""
        frame = self.query(
            "unit_figures", edition=edition, kpi=None, periods=months, first=None, last=None, codes=codes
        )
        return _as_dates(frame)

    def unit_series(
        self,
        kpi: str,
        edition: str,
        first: date | None = None,
        last: date | None = None,
        codes: list[str] | None = None,
    ) -> pd.DataFrame:
        """One indicator's figures for the units of `edition` (or only `codes`) from `first` to `last` (either open)."""
        frame = self.query("unit_figures", edition=edition, kpi=kpi, periods=None, first=first, last=last, codes=codes)
        return _as_dates(frame).drop(columns="kpi")

    def unit_history(self, edition: str, code: str, last: date) -> pd.DataFrame:
        """Every indicator's figures of one unit of `edition` up to `last` (a profile reads one unit, not all)."""
        frame = self.query("unit_figures", edition=edition, kpi=None, periods=None, first=None, last=last, codes=[code])
        return _as_dates(frame)

    def recent_figures(self, month: date) -> pd.DataFrame:
        """unit_code, kpi, mean, sd, months: each unit's figures over the twelve months before `month`."""
        return self.query("recent_figures", period=month)

    def reported_figures(self, month: date) -> pd.DataFrame:
        """unit_code, kpi of every current figure of the month, as reported (not carried)."""
        return self.query("reported_figures", period=month)

    def reporting_by_month(self, edition: str) -> pd.DataFrame:
        """period, unit_code, indicators: how many indicators each unit of an edition reported."""
        return _as_dates(self.query("reporting_by_month", edition=edition))


class ConnectionReader(Reader):
    """Questions answered on an open connection (command lines, the briefing pack, tests)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def query(self, name: str, **params: object) -> pd.DataFrame:
        return run_query(self.con, name, params)
