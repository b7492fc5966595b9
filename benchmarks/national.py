"""Prints how the warehouse answers at national scale (groundwork for issue 14, "fast at national scale").

Builds a synthetic national warehouse in the project's own schema (`etl init`, then bulk inserts), asks it
every question the pages ask through `ConnectionReader` on one read-only connection, and times loading a
3,321-unit monthly report with `python -m etl load`. Numbers to read, not a pass/fail test.

    .venv/bin/python benchmarks/national.py                # the whole country: ~4.2 M figures
    .venv/bin/python benchmarks/national.py --scale 0.1    # a tenth of the units, for a quick run
    .venv/bin/python benchmarks/national.py --keep --db /tmp/national.duckdb   # build once, measure again

What the country looks like (assumed, see `national_geography`): the editions keep their months
(2020 until 2024-10, 2024 until 2025-06, 2025 since), the real Quảng Ninh units are kept as one province
among 63 (34 after July 2025), and synthetic units with 5-digit codes and district codes shaped like the
real ones make up the rest: 10,603 units of the 2020 map, the same units (and Quảng Ninh's six 2024
mergers) on the 2024 map, 3,321 units of 2025 made of about three 2024 units each, 2 % of them split.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from core.editions import edition_in_force  # noqa: E402
from core.missing import CARRY_MONTHS, carry_window  # noqa: E402
from core.months import add_months, comparison_months, months_of_year  # noqa: E402
from core.unit_types import DISTRICT_PREFIXES, PREFIXES  # noqa: E402
from etl.__main__ import main as etl_main  # noqa: E402
from warehouse import connect, current, transaction  # noqa: E402
from warehouse.init import upgrade  # noqa: E402
from warehouse.reader import ConnectionReader  # noqa: E402

# The country before and after the July 2025 reform (communes and provinces).
UNITS_BEFORE, UNITS_AFTER = 10_603, 3_321
PROVINCES_BEFORE, PROVINCES_AFTER = 63, 34
QN = 22  # Quảng Ninh's province code: its real units stay, as one province among the others
MONTHS = pd.date_range("2022-01-01", "2026-10-01", freq="MS")  # as the sample: 42 months before, 16 after
CORRECTED_REPORTS = 0.05  # share of province-month reports uploaded a second time, in full (a revision)
CHANGED_IN_CORRECTION = 0.1  # share of a corrected report's figures whose numbers differ
SPLIT_UNITS = 0.02  # share of 2024 units divided between two 2025 units (estimates, as in Quảng Ninh)
SEED = 14
MARKER = "synthetic_national_scale"  # warehouse_info key: this file is ours to rebuild or delete

# Syllables of place names, so that names look like real ones (and repeat across the country, as real ones do).
SYLLABLES = (  # noqa: SIM905 (a list of 40 words is easier to read as one string)
    "An Bình Cẩm Đông Đức Hà Hải Hòa Hồng Hưng Kim Lạc Lâm Long Lộc Minh Mỹ Nam Nghĩa Ninh Phong Phú Phúc Quang "
    "Quý Sơn Tân Tây Thạch Thái Thanh Thành Thịnh Thuận Thủy Tiến Trung Vĩnh Xuân Yên"
).split()


# --- the synthetic country -----------------------------------------------------------------------


def random_names(rng: np.random.Generator, count: int) -> np.ndarray:
    """Two-syllable names ("Tân Phú"); a country of 10,603 units has many repeats, like the real one."""
    words = np.array(SYLLABLES)
    first = rng.integers(0, len(words), count)
    second = (first + rng.integers(1, len(words), count)) % len(words)  # never "Vĩnh Vĩnh"
    return np.char.add(np.char.add(words[first], " "), words[second])


def typed_names(rng: np.random.Generator, types: np.ndarray) -> np.ndarray:
    """Official names: the type's own prefix (core.unit_types) and a name, as `etl init` stores them."""
    prefixes = np.array([PREFIXES[t][0] for t in types], dtype=object)
    return prefixes + " " + random_names(rng, len(types)).astype(object)


def synthetic_codes(count: int, taken: set[int], step: int) -> list[str]:
    """5-digit codes in order, `step` apart as the national codes are, clear of Quảng Ninh's range."""
    low, high = (min(taken), max(taken)) if taken else (0, -1)
    codes = (n for n in range(1, 10 * step * (count + 1), step) if not low - step <= n <= high + step)
    return [f"{next(codes):05d}" for _ in range(count)]


def old_units(rng: np.random.Generator, count: int, qn: pd.DataFrame) -> pd.DataFrame:
    """The synthetic communes of the 2020 map: provinces of ~170 units, districts of ~15, codes in order."""
    codes = synthetic_codes(count, {int(c) for c in qn["code"]}, 3)
    provinces = [p for p in range(1, PROVINCES_BEFORE + 1) if p != QN]
    types = rng.choice(["xa", "phuong", "thi_tran"], count, p=[0.78, 0.16, 0.06])
    frame = pd.DataFrame({"code": codes, "type": types, "name": typed_names(rng, types)})
    frame["province"] = np.array(provinces)[np.arange(count) * len(provinces) // max(count, 1)]
    districts = np.arange(count) // 15
    taken = {int(c) for c in qn["district_code"].dropna()}
    free = (n for n in range(1, 1000) if n not in taken)  # 3 digits, as real district codes
    district_codes = [f"{next(free):03d}" for _ in range(int(districts.max(initial=-1)) + 1)]
    frame["district_code"] = [district_codes[d] for d in districts]
    frame["district_name"] = _district_names(rng, districts)
    return frame


def _district_names(rng: np.random.Generator, districts: np.ndarray) -> list[str]:
    count = int(districts.max(initial=-1)) + 1
    kinds = rng.choice(DISTRICT_PREFIXES, count, p=[0.1, 0.08, 0.82])  # Thành phố, Thị xã, Huyện
    names = [f"{kind} {name}" for kind, name in zip(kinds, random_names(rng, count), strict=True)]
    return [names[d] for d in districts]


def new_units(rng: np.random.Generator, old: pd.DataFrame, count: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 2025 units: the old provinces merged in pairs, each new unit made of consecutive old units of its
    new province (its code that of its first part, as codes are reused), and a few old units split in two."""
    merged_into = {p: 200 + i // 2 for i, p in enumerate(sorted(old["province"].unique()))}
    old = old.assign(new_province=old["province"].map(merged_into))
    groups = _groups(old["new_province"].to_numpy(), count)
    first = old.groupby(groups)["code"].first()
    types = rng.choice(["xa", "phuong", "dac_khu"], len(first), p=[0.79, 0.206, 0.004])
    new = pd.DataFrame({"code": first.to_numpy(), "type": types, "name": typed_names(rng, types)})
    new["province"] = old.groupby(groups)["new_province"].first().to_numpy()
    new["group"] = first.index.to_numpy()
    return new, _crosswalk(rng, old, groups, new)


def _groups(provinces: np.ndarray, count: int) -> np.ndarray:
    """A group number per old unit: `count` groups in all, each within one new province, in order."""
    groups, start, given = np.zeros(len(provinces), dtype=int), 0, 0
    bounds = np.flatnonzero(np.r_[True, provinces[1:] != provinces[:-1], True])
    for i, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        # The last province takes what rounding left, so that the count is exact.
        share = count - given if i == len(bounds) - 2 else round(count * (hi - lo) / len(provinces))
        share = max(1, min(share, hi - lo))
        groups[lo:hi] = start + np.arange(hi - lo) * share // (hi - lo)
        start, given = start + share, given + share
    return groups


def _crosswalk(rng: np.random.Generator, old: pd.DataFrame, groups: np.ndarray, new: pd.DataFrame) -> pd.DataFrame:
    """2020 → 2024 whole (the same units), 2024 → 2025 whole into the group, or split with the next group."""
    code_of_group = dict(zip(new["group"], new["code"], strict=True))
    to_code = np.array([code_of_group[g] for g in groups])
    province_of = dict(zip(new["group"], new["province"], strict=True))
    nxt = np.array([code_of_group.get(g + 1) if province_of.get(g + 1) == province_of[g] else None for g in groups])
    split = (rng.random(len(old)) < SPLIT_UNITS) & pd.notna(nxt)
    codes = old["code"].to_numpy()
    whole = pd.DataFrame({"from_code": codes, "to_code": to_code, "split": split})
    second = pd.DataFrame({"from_code": codes[split], "to_code": nxt[split], "split": True})
    later = pd.concat([whole, second], ignore_index=True)
    later["share"] = np.where(later["split"], 0.5, 1.0)
    later["share_method"] = np.where(later["split"], "equal", "whole")
    same = pd.DataFrame({"from_code": old["code"], "to_code": old["code"], "split": False, "share": 1.0})
    return pd.concat(
        [
            same.assign(from_edition="2020", to_edition="2024", share_method="whole"),
            later.assign(from_edition="2024", to_edition="2025"),
        ],
        ignore_index=True,
    )


def places(rng: np.random.Generator, units: pd.DataFrame, first_row: int) -> pd.DataFrame:
    """Centroids around a centre per province inside Vietnam's box, and hexagon cells in one block per
    province below Quảng Ninh's own layout (`geo.hexmap` solves a dense assignment problem, which does not
    scale to 10,000 units; the benchmark draws no map, it only needs the columns filled)."""
    provinces = sorted(units["province"].unique())
    centre = {p: (rng.uniform(8.6, 23.3), rng.uniform(102.2, 109.4)) for p in provinces}
    units = units.copy()
    units["lat"] = [centre[p][0] + rng.normal(0, 0.25) for p in units["province"]]
    units["lon"] = [centre[p][1] + rng.normal(0, 0.25) for p in units["province"]]
    index = units.groupby("province").cumcount().to_numpy()
    block = units["province"].map({p: i for i, p in enumerate(provinces)}).to_numpy()
    height = math.ceil((index.max(initial=0) + 1) / 20) + 1
    units["hex_col"] = (block % 8) * 22 + index % 20
    units["hex_row"] = first_row + (block // 8) * height + index // 20
    return units


def national_geography(con, scale: float) -> pd.DataFrame:
    """Replaces `etl init`'s units and crosswalks with the country's (Quảng Ninh's real ones kept) and
    returns every unit with its province and a population, for making figures."""
    rng = np.random.default_rng(SEED)
    qn = con.execute("SELECT * FROM unit").df()
    qn_2020 = qn[qn["edition"] == "2020"]
    count_old = max(round(UNITS_BEFORE * scale) - len(qn_2020), 0)
    count_new = min(max(round(UNITS_AFTER * scale) - int((qn["edition"] == "2025").sum()), 0), count_old)
    if count_new == 0:  # a scale so small that Quảng Ninh alone is more than it asks for
        return _with_population(rng, qn.assign(province=QN), pd.DataFrame(columns=["to_edition"]))
    old = old_units(rng, count_old, qn_2020)
    new, crosswalk = new_units(rng, old, count_new)
    first_row = int(qn["hex_row"].max()) + 2
    old, new = places(rng, old, first_row), places(rng, new.drop(columns="group"), first_row)
    frames = [old.assign(edition="2020"), old.assign(edition="2024"), new.assign(edition="2025")]
    units = pd.concat(frames, ignore_index=True).assign(area_km2=np.nan, population=np.nan)
    _append(con, "unit", units.drop(columns="province"))
    _append(con, "crosswalk", crosswalk)
    for edition_id, n in pd.concat([qn, units])["edition"].value_counts().items():
        con.execute("UPDATE edition SET unit_count = ? WHERE edition = ?", [int(n), edition_id])
    return _with_population(rng, pd.concat([qn.assign(province=QN), units], ignore_index=True), crosswalk)


def _with_population(rng: np.random.Generator, units: pd.DataFrame, crosswalk: pd.DataFrame) -> pd.DataFrame:
    """A population per old unit; a 2025 unit has the sum of its parts (share of a split part)."""
    base = units["type"].map({"phuong": 12_000, "thi_tran": 9_000, "xa": 8_000, "dac_khu": 30_000})
    units["pop"] = np.round(base * rng.lognormal(0, 0.35, len(units)))
    old = units[units["edition"] == "2024"].set_index("code")["pop"]
    later = crosswalk[crosswalk["to_edition"] == "2025"]
    summed = (later["share"] * later["from_code"].map(old).to_numpy()).groupby(later["to_code"].to_numpy()).sum()
    synthetic_2025 = (units["edition"] == "2025") & (units["province"] != QN)
    units.loc[synthetic_2025, "pop"] = units.loc[synthetic_2025, "code"].map(summed).round()
    units.loc[units["edition"] == "2025", "province"] += 200 * (units["province"] == QN)  # its uploads after 2025
    units["maturity"] = rng.normal(0, 0.12, len(units)) + units["type"].eq("phuong") * 0.2
    return units[["edition", "code", "province", "pop", "maturity"]]


def _append(con, table: str, frame: pd.DataFrame) -> None:
    # Table names are this module's constants; a registered frame is appended in one statement.
    con.register("incoming", frame)
    columns = ", ".join(c for c in frame.columns)
    con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM incoming")
    con.unregister("incoming")


# --- uploads and figures -------------------------------------------------------------------------


def upload_rows(units: pd.DataFrame) -> pd.DataFrame:
    """One upload per province and month (its monthly report), and a second, full one for 5 % of them;
    ids in the order of upload time, since the newest upload of a figure is its current revision."""
    editions = pd.Series([edition_in_force(m.date()) for m in MONTHS], index=MONTHS)
    sizes = units.groupby(["edition", "province"]).size().rename("units").reset_index()
    months = pd.DataFrame({"period": MONTHS, "edition": editions.to_numpy()})
    base = months.merge(sizes, on="edition").assign(correction=False)
    rng = np.random.default_rng(SEED + 1)
    fixes = base[rng.random(len(base)) < CORRECTED_REPORTS].assign(correction=True)
    rows = pd.concat([base, fixes]).sort_values(["period", "correction", "province"], ignore_index=True)
    rows.insert(0, "upload_id", np.arange(1, len(rows) + 1))
    delay = np.where(rows["correction"], 55, 35) * 86_400 + rows["province"].to_numpy() * 60
    rows["uploaded_at"] = rows["period"] + pd.to_timedelta(delay, unit="s")
    rows["uploaded_by"] = "analyst.p" + rows["province"].astype(str)
    rows["file_name"] = [f"bao-cao-{p:%Y-%m}-p{v}.xlsx" for p, v in zip(rows["period"], rows["province"], strict=True)]
    rows["sha256"] = [
        hashlib.sha256(f"{n}{c}".encode()).hexdigest()
        for n, c in zip(rows["file_name"], rows["correction"], strict=True)
    ]
    rows["rows_loaded"] = rows["units"] * 8
    return rows


def store_uploads(con, rows: pd.DataFrame) -> None:
    """The upload rows (a real load then gets the next id: warehouse.engine.next_id)."""
    columns = ["upload_id", "uploaded_at", "uploaded_by", "file_name", "sha256", "period", "edition", "rows_loaded"]
    _append(con, "upload", rows[columns])


# Province paths per indicator: level in 2022-01, change per year, spread per unit of maturity.
PATHS = pd.DataFrame(
    [
        ("online_dossier_rate", 0.70, 0.06, 0.5),
        ("chip_id_coverage", 0.86, 0.05, 0.1),
        ("eid_level2_rate", 0.05, 0.25, 0.8),
        ("smartphone_adult_rate", 0.86, 0.02, 0.3),
        ("cashless_utility_rate", 0.83, 0.03, 0.3),
        ("village_team_coverage", 0.40, 0.60, 0.6),
        ("dx_teams", 0.40, 0.60, 0.6),
        ("dx_team_members", 0.40, 0.60, 0.6),
    ],
    columns=["kpi", "start", "slope", "spread"],
)

# Every figure of every first upload in one INSERT … SELECT: units × months × indicators, numbers from a
# hash of (unit, month, indicator), so the build needs no Python loop and no frame of 4 million rows.
FIGURES_SQL = """
INSERT INTO observation (upload_id, period, edition, unit_code, kpi, numerator, denominator)
WITH grid AS (
    SELECT up.upload_id, up.period, u.edition, u.code, p.kpi, u.pop,
           date_diff('month', DATE '2022-01-01', up.period) / 12.0 AS t,
           least(greatest(p.start + p.slope * date_diff('month', DATE '2022-01-01', up.period) / 12.0
                          + p.spread * u.maturity
                          + 0.02 * ((hash(u.code, up.period, p.kpi) % 10007) / 10007.0 - 0.5), 0.01), 0.995) AS rate
    FROM syn_unit AS u
    JOIN syn_upload AS up ON up.province = u.province AND up.edition = u.edition AND NOT up.correction
    CROSS JOIN syn_path AS p
),
sized AS (
    SELECT *, CASE kpi
        WHEN 'online_dossier_rate' THEN round(pop * 0.04 * (1 + 0.04 * t))
        WHEN 'chip_id_coverage' THEN round(pop * 0.775 * (1 + 0.005 * t))
        WHEN 'eid_level2_rate' THEN round(pop * 0.775 * (1 + 0.005 * t))
        WHEN 'smartphone_adult_rate' THEN round(pop * 0.735 * (1 + 0.005 * t))
        WHEN 'cashless_utility_rate' THEN round(pop / 3.4 * (1 + 0.02 * t))
        ELSE 2 + round(pop / 1500) END AS base
    FROM grid
)
SELECT upload_id, period, edition, code, kpi,
       CASE kpi WHEN 'dx_teams' THEN round(base * rate) + 1
                WHEN 'dx_team_members' THEN round((round(base * rate) + 1) * 7.5)
                ELSE round(base * rate) END,
       CASE WHEN kpi IN ('dx_teams', 'dx_team_members') THEN NULL ELSE base END
FROM sized
"""

# A second upload of a report: the same figures under a new id, a tenth of them changed a little.
CORRECTIONS_SQL = """
INSERT INTO observation (upload_id, period, edition, unit_code, kpi, numerator, denominator)
SELECT fix.upload_id, o.period, o.edition, o.unit_code, o.kpi,
       CASE WHEN hash(o.unit_code, o.kpi, o.period, 'fix') % 1000 < ? THEN
                CASE WHEN o.denominator IS NULL THEN o.numerator + 1
                     ELSE greatest(o.numerator - 1 - round(o.numerator * 0.03), 0) END
            ELSE o.numerator END,
       o.denominator
FROM observation AS o
JOIN syn_upload AS orig ON orig.upload_id = o.upload_id
JOIN syn_upload AS fix ON fix.province = orig.province AND fix.period = orig.period AND fix.correction
"""


def store_figures(con, units: pd.DataFrame, uploads: pd.DataFrame) -> None:
    con.register("syn_unit", units)
    con.register("syn_upload", uploads[["upload_id", "province", "period", "edition", "correction"]])
    con.register("syn_path", PATHS)
    con.execute(FIGURES_SQL)
    con.execute(CORRECTIONS_SQL, [int(CHANGED_IN_CORRECTION * 1000)])
    for name in ("syn_unit", "syn_upload", "syn_path"):
        con.unregister(name)


def build(db: Path, scale: float) -> float:
    """The national warehouse at `db` from nothing; returns the seconds it took."""
    started = time.perf_counter()
    etl_main(["init", "--db", str(db)])  # the real schema, reference data and the shipped boundaries
    with connect(db) as con:
        con.execute("BEGIN TRANSACTION")
        units = national_geography(con, scale)
        uploads = upload_rows(units)
        store_uploads(con, uploads)
        store_figures(con, units, uploads)
        con.execute("COMMIT")  # 4 M figures held uncommitted, then ranked, ran DuckDB 1.5.5 out of memory
        with transaction(con):
            current.rebuild(con)  # figures stored in bulk, not through a load: the current ones ranked once
            con.execute("DELETE FROM warehouse_info WHERE key = ?", [MARKER])
            con.execute("INSERT INTO warehouse_info VALUES (?, ?)", [MARKER, str(scale)])
        con.execute("CHECKPOINT")
    return time.perf_counter() - started


def built_scale(db: Path) -> str | None:
    """The scale a warehouse of this benchmark was built at; None for any other file (never overwritten)."""
    try:
        with connect(db, read_only=True) as con:
            row = con.execute("SELECT value FROM warehouse_info WHERE key = ?", [MARKER]).fetchone()
    except Exception:
        return None
    return None if row is None else str(row[0])


# --- the questions the pages ask ---------------------------------------------------------------------


def questions(reader: ConnectionReader) -> list[tuple[str, str, object]]:
    """(question, who asks it, call) with the parameters a page passes: the latest month, its map, one
    indicator, one unit (of the 2025 map, made of several 2024 units)."""
    month = reader.periods()[0]
    edition = edition_in_force(month)
    kpi = "online_dossier_rate"
    units = reader.units(edition)
    code = str(units["code"].iloc[len(units) // 2])
    year = months_of_year(month)
    earlier = [date(m.year - 1, m.month, 1) for m in year]
    codes = sorted(units["code"])
    scope = codes[len(codes) // 2 :][: len(codes) // PROVINCES_AFTER]  # as many units as a province has
    after = add_months(month, 1)  # the upload check asks about the month of the report: the next one
    return [
        ("has_schema", "every page", reader.has_schema),
        ("periods", "every page: month picker", reader.periods),
        ("indicators", "every page", reader.indicators),
        ("sample_in_view(month)", "overview, map, rankings", lambda: reader.sample_in_view(month)),
        ("sample_in_view(None)", "trends, profile", lambda: reader.sample_in_view(None)),
        ("unit_count", "overview", lambda: reader.unit_count(edition)),
        ("units", "map, trends, rankings, profile", lambda: reader.units(edition)),
        ("boundaries", "map", lambda: reader.boundaries(edition)),
        ("province_targets", "overview, trends, rankings", lambda: reader.province_targets(kpi)),
        ("unit_targets", "rankings", lambda: reader.unit_targets(kpi, edition, month.year)),
        ("lineage", "profile", lambda: reader.lineage(edition, code)),
        ("province_by_month(3 months)", "overview cards", lambda: reader.province_by_month(comparison_months(month))),
        ("province_by_month(year+last)", "overview year table", lambda: reader.province_by_month(year + earlier)),
        ("province_series", "overview trend, trends", lambda: reader.province_series(kpi)),
        ("district_series", "trends: districts", lambda: reader.district_series(kpi)),
        ("unit_figures(3 months)", "overview changes", lambda: reader.unit_figures(edition, comparison_months(month))),
        ("unit_figures(1 month)", "profile ranks", lambda: reader.unit_figures(edition, [month])),
        (
            "unit_figures(carry window)",
            "overview of a province-sized scope",
            lambda: reader.unit_figures(edition, carry_window(comparison_months(month)), codes=scope),
        ),
        (
            "unit_figures(carry window, all)",
            "no page (every unit: 240 k rows)",
            lambda: reader.unit_figures(edition, carry_window(comparison_months(month))),
        ),
        (
            "unit_series(5 months)",
            "map",
            lambda: reader.unit_series(kpi, edition, add_months(month, -1 - CARRY_MONTHS), month),
        ),
        ("unit_series(13 months)", "rankings", lambda: reader.unit_series(kpi, edition, add_months(month, -12), month)),
        ("unit_history", "profile (one unit, every indicator)", lambda: reader.unit_history(edition, code, month)),
        (
            "unit_series(all, a scope)",
            "overview trend of a scope",
            lambda: reader.unit_series(kpi, edition, codes=scope),
        ),
        ("unit_series(all)", "no page (every unit: 190 k rows)", lambda: reader.unit_series(kpi, edition)),
        ("unit_series(3 communes)", "trends: chosen communes", lambda: reader.unit_series(kpi, edition, codes=[code])),
        ("reported_figures", "reporting, upload", lambda: reader.reported_figures(month)),
        ("reporting_by_month", "reporting heatmap", lambda: reader.reporting_by_month(edition)),
        ("uploads", "upload: history", reader.uploads),
        ("all_units", "upload check", reader.all_units),
        ("recent_figures", "upload check", lambda: reader.recent_figures(after)),
        ("earlier_uploads", "upload check", lambda: reader.earlier_uploads("0" * 64, after, codes)),
    ]


def rows_of(answer: object) -> int:
    return len(answer) if hasattr(answer, "__len__") else 1


def timings(call, runs: int) -> tuple[list[float], int]:
    """Seconds of `runs` calls after one warm-up call (its rows counted)."""
    rows = rows_of(call())
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return seconds, rows


def memory_mb(field: str) -> float:
    """This process's resident memory now ("VmRSS") or at its peak ("VmHWM"), from /proc (Linux). Not
    `getrusage`'s ru_maxrss: a child started by subprocess inherits its parent's peak there (Linux keeps
    it across exec), which is how building the national warehouse in the parent (1.8 GB of frames) once
    read as the queries' peak. Elsewhere ru_maxrss is all there is."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(db: Path, runs: int) -> dict:
    """Runs in a child process, so that its peak memory is that of the queries alone; the resident memory
    after each question says which one grows it."""
    opening = []
    for _ in range(runs + 1):  # no other connection open: DuckDB would share its instance and skip the work
        started = time.perf_counter()
        with connect(db, read_only=True):
            pass
        opening.append(time.perf_counter() - started)
    results = [{"question": "open read-only connection", "who": "every uncached query", "s": opening[1:], "rows": 0}]
    with connect(db, read_only=True) as con:
        for name, who, call in questions(ConnectionReader(con)):
            seconds, rows = timings(call, runs)
            results.append({"question": name, "who": who, "s": seconds, "rows": rows, "mb": memory_mb("VmRSS")})
        duckdb_mb = con.execute("SELECT sum(memory_usage_bytes) / 1e6 FROM duckdb_memory()").fetchone()[0]
    return {"results": results, "peak_mb": memory_mb("VmHWM"), "duckdb_mb": duckdb_mb}


def measured_in_child(db: Path, runs: int) -> dict:
    command = [sys.executable, __file__, "--measure-child", "--db", str(db), "--runs", str(runs)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- loading one national monthly report -----------------------------------------------------------


def filled_template(db: Path, month: date, out: Path) -> int:
    """The project's template for `month` (`etl.template.write_template`; `etl template` itself would
    re-run `etl init` and put Quảng Ninh's units back), filled with last month's figures grown a little."""
    from openpyxl import load_workbook

    from etl.template import FIRST_DATA_ROW, META_SHEET, SHEET_NAME, write_template

    with connect(db, read_only=True) as con:
        write_template(con, month, out)
        last = con.execute(
            "SELECT unit_code, kpi, numerator, denominator FROM observation_current WHERE period = ?",
            [add_months(month, -1)],
        ).df()
    figures = {(u, k): (n, d) for u, k, n, d in last.itertuples(index=False)}
    book = load_workbook(out)
    columns = {row[0]: row[1] for row in book[META_SHEET].iter_rows(min_row=2, values_only=True)}
    sheet = book[SHEET_NAME]
    for row in range(FIRST_DATA_ROW, sheet.max_row + 1):
        _fill_row(sheet, row, columns, figures)
    book.save(out)  # with its hidden `_meta` sheet, which the loader passes over
    return sheet.max_row - FIRST_DATA_ROW + 1


def _fill_row(sheet, row: int, columns: dict, figures: dict) -> None:
    # `_meta` maps a column letter to "kpi:role"; its other rows (version, period …) are no figure.
    code = sheet[f"A{row}"].value
    for letter, role in columns.items():
        kpi, _, part = str(role).partition(":")
        if part not in ("numerator", "denominator", "count"):
            continue
        numerator, denominator = figures[(code, kpi)]
        grown = {"numerator": min(round(numerator * 1.01), denominator), "count": round(numerator * 1.01)}
        sheet[f"{letter}{row}"] = int(grown.get(part, denominator))


def timed_load(db: Path, report: Path, folder: Path, profile: Path | None = None) -> dict:
    """`python -m etl load` in a new process on a copy of the warehouse (the measured one stays as it was):
    wall time and peak memory (/usr/bin/time), or with `profile` a cProfile dump of the same run."""
    copy = folder / "load-copy.duckdb"
    shutil.copy(db, copy)
    command = [sys.executable, "-m", "etl", "load", str(report), "--db", str(copy), "--json"]
    if profile is not None:
        command[1:1] = ["-m", "cProfile", "-o", str(profile)]
    elif Path("/usr/bin/time").exists():
        command[:0] = ["/usr/bin/time", "-f", "%M"]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    copy.unlink()
    status = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else {}
    peak = done.stderr.strip().splitlines()[-1] if profile is None and done.stderr.strip() else ""
    return {"seconds": seconds, "status": status, "exit": done.returncode, "peak_kb": peak}


def profile_lines(dump: Path, count: int = 16) -> list[str]:
    """From a cProfile dump: the project's functions (with DuckDB's execute, and subprocess.run, which waits
    for the workbook read in its child process) by cumulative time, then any function by its own time."""
    stats = pstats.Stats(str(dump)).stats
    ours, anywhere = [], []
    for (file, line, func), (_, calls, own, total, _) in stats.items():
        mine = str(REPO) in file and ".venv" not in file
        where = f"{Path(file).relative_to(REPO) if mine else Path(file).name}:{line} {func}"
        if mine or "DuckDBPyConnection" in func or (file.endswith("subprocess.py") and func == "run"):
            ours.append((total, own, calls, where))
        anywhere.append((own, total, calls, where))
    lines = [f"{t:8.2f} s cum {o:7.2f} s own {c:7d}x  {w}" for t, o, c, w in sorted(ours, reverse=True)[:count]]
    lines.append("by own time:")
    return lines + [f"{t:8.2f} s cum {o:7.2f} s own {c:7d}x  {w}" for o, t, c, w in sorted(anywhere, reverse=True)[:8]]


# --- the report ----------------------------------------------------------------------------------


def ms(seconds: list[float], q: float) -> float:
    return float(np.percentile(np.array(seconds) * 1000, q))


def print_table(measured: dict) -> None:
    print(f"{'question':<30} {'asked by':<32} {'p50 ms':>9} {'p95 ms':>9} {'rows':>9} {'RSS MB':>7}")
    for r in measured["results"]:
        timing = f"{ms(r['s'], 50):9.1f} {ms(r['s'], 95):9.1f} {r['rows']:9d}"
        print(f"{r['question']:<30} {r['who']:<32} {timing} {r.get('mb', 0):7.0f}")


def figure_counts(db: Path) -> str:
    with connect(db, read_only=True) as con:
        figures, uploads, units = con.execute(
            "SELECT (SELECT count(*) FROM observation), (SELECT count(*) FROM upload),"
            " (SELECT string_agg(edition || ': ' || n, ', ' ORDER BY edition) FROM"
            " (SELECT edition, count(*) AS n FROM unit GROUP BY edition))"
        ).fetchone()
    return f"{figures:,} figures (revisions included), {uploads:,} uploads, units {units}"


def load_report(db: Path, folder: Path) -> None:
    month = add_months(pd.Timestamp(MONTHS[-1]).date(), 1)  # the next month: a new report, not a revision
    report = folder / f"bao-cao-{month:%Y-%m}.xlsx"
    started = time.perf_counter()
    rows = filled_template(db, month, report)
    print(f"template for {month:%Y-%m}: {rows} units, written and filled in {time.perf_counter() - started:.1f} s")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set, so each new process compiles every module it imports")
    plain = timed_load(db, report, folder)
    issues = len(plain["status"].get("issues", []))
    print(
        f"`python -m etl load` ({report.stat().st_size / 1024:.0f} KB, new process): {plain['seconds']:.1f} s, "
        f"status {plain['status'].get('status')}, {plain['status'].get('rows')}, {issues} findings, "
        f"exit {plain['exit']}, peak {int(plain['peak_kb'] or 0) / 1024:.0f} MB"
    )
    dump = folder / "load.prof"
    profiled = timed_load(db, report, folder, profile=dump)
    print(f"the same under cProfile: {profiled['seconds']:.1f} s; where the time goes, by cumulative time:")
    for line in profile_lines(dump):
        print("  " + line)


def warehouse_path(args: argparse.Namespace) -> Path:
    if args.db:
        return Path(args.db).resolve()
    return Path(tempfile.gettempdir()) / f"dx-national-{args.scale:g}.duckdb"


def prepared(db: Path, args: argparse.Namespace) -> float | None:
    """Builds the warehouse unless `--keep` finds one of this scale; returns the build time (None: kept)."""
    if REPO in db.parents:
        sys.exit(f"{db} is inside the repository: give --db a path outside it")
    scale = built_scale(db) if db.exists() else None
    if db.exists() and scale is None:
        sys.exit(f"{db} exists and was not built by this benchmark: not overwritten")
    if args.keep and scale == str(args.scale):
        return None
    for stale in (db, db.with_name(db.name + ".wal")):
        stale.unlink(missing_ok=True)
    return build(db, args.scale)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="where to build the warehouse (default: the system's temp folder)")
    parser.add_argument("--scale", type=float, default=1.0, help="share of the country's units (0.1: quick)")
    parser.add_argument("--keep", action="store_true", help="reuse a warehouse built at this scale, and keep it")
    parser.add_argument("--runs", type=int, default=20, help="timed runs per question, after a warm-up")
    parser.add_argument("--no-load", action="store_true", help="skip timing `etl load`")
    parser.add_argument("--measure-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    db = warehouse_path(args)
    if args.measure_child:
        print(json.dumps(measure(db, args.runs)))
        return
    built = prepared(db, args)
    upgrade(db)  # a warehouse kept from an earlier version gains this version's tables, as the app's would
    print(f"warehouse: {db} (scale {args.scale:g}); {figure_counts(db)}")
    print("build: " + (f"{built:.1f} s" if built is not None else "kept from an earlier run"))
    size = sum(p.stat().st_size for p in (db, db.with_name(db.name + ".wal")) if p.exists())
    print(f"file size: {size / 1e6:.1f} MB")
    measured = measured_in_child(db, args.runs)
    print(
        f"peak memory of the process asking every question ({args.runs} runs each): {measured['peak_mb']:.0f} MB"
        f" (DuckDB's own at the end: {measured['duckdb_mb']:.0f} MB; RSS after each question below)"
    )
    print_table(measured)
    if not args.no_load:
        with tempfile.TemporaryDirectory(dir=db.parent) as folder:
            load_report(db, Path(folder))
    if not args.keep:
        for built_file in (db, db.with_name(db.name + ".wal")):
            built_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
