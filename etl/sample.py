"""The deterministic sample dataset ("Dữ liệu mẫu") of SPEC §6.

Figures are simulated for the 177 units of 2020 (the finest map), then summed into the edition in
force for each month through the crosswalks. 2022 province totals are fitted exactly to the
published figures of SPEC §2; everything else follows smooth province paths with a realistic
spread: wards ahead of mountain communes, rising trends, a dip in the month of Tết, and a few
communes that did not report some months.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.editions import edition_in_force
from etl.apportion import apportion
from geo import reference

SEED = 20221231
FIRST_MONTH, LAST_MONTH = "2022-01-01", "2026-10-01"
MONTHS = pd.date_range(FIRST_MONTH, LAST_MONTH, freq="MS")

# Published 2022 province figures (SPEC §2) that the sample reproduces exactly.
ONLINE_DOSSIERS_2022 = 459_326
ALL_DOSSIERS_2022 = 609_186  # 459.326 / 609.186 = 75,40%
TEAMS_2022_12 = 1_473
MEMBERS_2022_12 = 11_255
VILLAGES = 1_452
SMARTPHONE_2022_12 = 0.88  # published as 88%: reproduced as 88,0% at 2022-12
# Published floors the sample stays at or above.
FLOORS_2022 = {
    "chip_id_coverage": 0.95,
    "cashless_utility_rate": 0.86,
}
EID_ACCOUNTS_FLOOR_2022_12 = 330_000

# Province paths: (month, level) anchors, interpolated linearly between them.
PATHS: dict[str, list[tuple[str, float]]] = {
    "online_dossier_rate": [
        ("2022-01", 0.70),
        ("2022-12", 0.80),
        ("2023-12", 0.86),
        ("2024-12", 0.91),
        ("2025-12", 0.94),
        ("2026-10", 0.955),
    ],
    "chip_id_coverage": [
        ("2022-01", 0.86),
        ("2022-06", 0.93),
        ("2022-12", 0.962),
        ("2023-12", 0.975),
        ("2026-10", 0.99),
    ],
    "eid_level2_rate": [
        ("2022-01", 0.0),
        ("2022-06", 0.06),
        ("2022-12", 0.34),
        ("2023-12", 0.55),
        ("2024-12", 0.72),
        ("2025-12", 0.82),
        ("2026-10", 0.87),
    ],
    "smartphone_adult_rate": [
        ("2022-01", 0.86),
        ("2022-12", 0.88),
        ("2023-12", 0.905),
        ("2024-12", 0.925),
        ("2025-12", 0.94),
        ("2026-10", 0.95),
    ],
    "cashless_utility_rate": [
        ("2022-01", 0.835),
        ("2022-12", 0.895),
        ("2023-12", 0.92),
        ("2024-12", 0.94),
        ("2026-10", 0.96),
    ],
    "village_team_coverage": [("2022-01", 0.30), ("2022-10", 1.0), ("2026-10", 1.0)],
}
# How far a unit's rate sits from the province path per unit of "digital maturity" (-0.5..0.5).
SPREAD = {
    "online_dossier_rate": 0.22,
    "chip_id_coverage": 0.05,
    "eid_level2_rate": 0.45,  # relative: multiplies the path
    "smartphone_adult_rate": 0.12,
    "cashless_utility_rate": 0.16,
}
# First day of the Tết holiday's month: fewer dossiers, and fewer of them online.
TET_MONTHS = {"2022-02-01", "2023-01-01", "2024-02-01", "2025-01-01", "2026-02-01"}
MOUNTAIN_DISTRICTS = {"198", "199", "200", "201", "202"}  # Bình Liêu, Tiên Yên, Đầm Hà, Hải Hà, Ba Chẽ


def build_sample() -> pd.DataFrame:
    """Columns period, edition, unit_code, kpi, numerator, denominator; one row per figure."""
    rng = np.random.default_rng(SEED)
    units = latent_units(rng)
    figures = pd.concat(
        [
            _online_dossiers(units, rng),
            _stock_rate(units, rng, "chip_id_coverage", "eligible"),
            _stock_rate(units, rng, "eid_level2_rate", "eligible"),
            _stock_rate(units, rng, "smartphone_adult_rate", "adults"),
            _cashless(units, rng),
            _teams(units, rng),
        ],
        ignore_index=True,
    )
    figures = _fit_smartphones_2022(figures)
    by_edition = _into_editions(figures)
    sample = _drop_unreported(by_edition, rng)
    check_published_2022(sample)
    return sample.sort_values(["period", "edition", "unit_code", "kpi"], ignore_index=True)


def _fit_smartphones_2022(figures: pd.DataFrame) -> pd.DataFrame:
    """Adult smartphone use at 2022-12 made exactly the published 88%: numerators apportioned to the
    smallest total at or above 88% of the adults, each unit keeping its share and staying within its adults."""
    rows = (figures["kpi"] == "smartphone_adult_rate") & (figures["period"] == pd.Timestamp("2022-12-01"))
    adults = figures.loc[rows, "denominator"].to_numpy()
    total = int(np.ceil(SMARTPHONE_2022_12 * adults.sum()))
    fitted = apportion(figures.loc[rows, "numerator"].to_numpy(), total, caps=adults.astype(np.int64))
    figures = figures.copy()
    figures.loc[rows, "numerator"] = fitted.astype(float)
    return figures


def latent_units(rng: np.random.Generator) -> pd.DataFrame:
    units = reference.units("2020")[["code", "type", "district_code"]].copy()
    base = units["type"].map({"phuong": 9_500, "thi_tran": 7_000, "xa": 4_800}).to_numpy(float)
    population = np.round(base * rng.lognormal(0.0, 0.35, len(units)))
    mountain = units["district_code"].isin(MOUNTAIN_DISTRICTS).to_numpy()
    urban = units["type"].map({"phuong": 0.3, "thi_tran": 0.1, "xa": -0.1}).to_numpy(float)
    maturity = np.clip(urban - 0.15 * mountain + rng.normal(0.0, 0.12, len(units)), -0.5, 0.5)
    units["population"] = population
    units["maturity"] = maturity - np.average(maturity, weights=population)
    units["eligible"] = np.round(population * 0.775)
    units["adults"] = np.round(population * 0.735)
    units["households"] = np.round(population / 3.4)
    village_weight = np.sqrt(population) * np.where(units["type"] == "xa", 1.3, 1.0)
    units["villages"] = 2 + apportion(village_weight, VILLAGES - 2 * len(units))
    return units


def province_path(kpi: str) -> np.ndarray:
    anchors = PATHS[kpi]
    x = [pd.Timestamp(month + "-01").value for month, _ in anchors]
    y = [level for _, level in anchors]
    return np.interp(MONTHS.asi8, x, y)


def _grid(units: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Month and unit index of every (month, unit) pair, months outermost."""
    month_idx, unit_idx = np.meshgrid(np.arange(len(MONTHS)), np.arange(len(units)), indexing="ij")
    return month_idx.ravel(), unit_idx.ravel()


def _frame(units: pd.DataFrame, kpi: str, numerator: np.ndarray, denominator: np.ndarray | None) -> pd.DataFrame:
    month_idx, unit_idx = _grid(units)
    return pd.DataFrame(
        {
            "period": MONTHS[month_idx],
            "code_2020": units["code"].to_numpy()[unit_idx],
            "kpi": kpi,
            "numerator": numerator.astype(float),
            "denominator": np.nan if denominator is None else denominator.astype(float),
        }
    )


def _unit_rates(units: pd.DataFrame, rng: np.random.Generator, kpi: str, relative: bool = False) -> np.ndarray:
    month_idx, unit_idx = _grid(units)
    path = province_path(kpi)[month_idx]
    maturity = units["maturity"].to_numpy()[unit_idx]
    offset = SPREAD[kpi] * maturity
    noise = rng.normal(0.0, 0.01, len(month_idx))
    rate = path * (1 + offset) + noise * path if relative else path + offset * (1 - path) * 4 + noise
    return np.clip(rate, 0.0, 0.995)


def _is_2022(units: pd.DataFrame) -> np.ndarray:
    month_idx, _ = _grid(units)
    return MONTHS[month_idx].year.to_numpy() == 2022


def _online_dossiers(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    month_idx, unit_idx = _grid(units)
    months = MONTHS[month_idx]
    tet = np.isin(months.strftime("%Y-%m-%d"), list(TET_MONTHS))
    urban_volume = units["type"].map({"phuong": 1.35, "thi_tran": 1.0, "xa": 0.65}).to_numpy()[unit_idx]
    growth = 1 + 0.04 * (months.year.to_numpy() - 2022 + months.month.to_numpy() / 12)
    seasonal = np.where(tet, 0.72, 1.0) * np.where(months.month.to_numpy() == 12, 1.12, 1.0)
    volume = units["population"].to_numpy()[unit_idx] * 0.04 * urban_volume * growth * seasonal
    volume *= rng.lognormal(0.0, 0.08, len(volume))
    rate = np.clip(_unit_rates(units, rng, "online_dossier_rate") - 0.05 * tet, 0.05, 0.99)
    in_2022 = _is_2022(units)
    denominator = np.round(volume)
    denominator[in_2022] = apportion(volume[in_2022], ALL_DOSSIERS_2022)
    numerator = np.round(rate * denominator)
    numerator[in_2022] = apportion(
        rate[in_2022] * denominator[in_2022], ONLINE_DOSSIERS_2022, caps=denominator[in_2022]
    )
    return _frame(units, "online_dossier_rate", numerator, denominator)


def _stock_rate(units: pd.DataFrame, rng: np.random.Generator, kpi: str, base: str) -> pd.DataFrame:
    month_idx, unit_idx = _grid(units)
    months = MONTHS[month_idx]
    growth = 1 + 0.005 * (months.year.to_numpy() - 2022 + months.month.to_numpy() / 12)
    denominator = np.round(units[base].to_numpy()[unit_idx] * growth)
    rate = _unit_rates(units, rng, kpi, relative=kpi == "eid_level2_rate")
    numerator = np.minimum(np.round(rate * denominator), denominator)
    return _frame(units, kpi, numerator, denominator)


def _cashless(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    month_idx, unit_idx = _grid(units)
    months = MONTHS[month_idx]
    growth = 1 + 0.02 * (months.year.to_numpy() - 2022 + months.month.to_numpy() / 12)
    denominator = np.round(units["households"].to_numpy()[unit_idx] * growth)
    rate = _unit_rates(units, rng, "cashless_utility_rate")
    numerator = np.minimum(np.round(rate * denominator), denominator)
    return _frame(units, "cashless_utility_rate", numerator, denominator)


def _teams(units: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Village coverage, teams and members: set up during 2022, complete from 2022-10."""
    villages = units["villages"].to_numpy()
    # Wards set up their teams first; mountain communes a few months later.
    head_start = units["maturity"].to_numpy()
    path = province_path("village_team_coverage")[:, None]
    coverage = np.clip(path + head_start[None, :] * (1 - path) * 2, 0.0, 1.0)
    covered = np.minimum(np.round(coverage * villages[None, :]), villages[None, :])
    extra_weight = units["population"].to_numpy() * (units["type"] == "phuong").to_numpy()
    extra = apportion(extra_weight, TEAMS_2022_12 - VILLAGES)
    teams = covered + np.round(coverage * extra[None, :])
    size = rng.uniform(5.5, 9.5, len(units))
    december = MONTHS.get_loc(pd.Timestamp("2022-12-01"))
    members_dec = apportion(teams[december] * size, MEMBERS_2022_12)
    # Members keep joining slowly after the set-up year; before it they scale with the teams.
    months_after = np.maximum(np.arange(len(MONTHS)) - december, 0)[:, None]
    per_team = members_dec / np.maximum(teams[december], 1)
    members = np.round(teams * per_team[None, :] * (1 + 0.002 * months_after))
    members[december] = members_dec
    all_villages = np.broadcast_to(villages[None, :], covered.shape)
    return pd.concat(
        [
            _frame(units, "village_team_coverage", covered.ravel(), all_villages.ravel()),
            _frame(units, "dx_teams", teams.ravel(), None),
            _frame(units, "dx_team_members", members.ravel(), None),
        ],
        ignore_index=True,
    )


def _into_editions(figures: pd.DataFrame) -> pd.DataFrame:
    """Sum the 2020 units' figures into the units of the edition in force each month."""
    to_2024 = reference.crosswalk_2020_to_2024()[["from_code", "to_code"]]
    to_2025 = reference.crosswalk_2024_to_2025()[["from_code", "to_code", "share"]]
    chain = to_2024.merge(to_2025, left_on="to_code", right_on="from_code", suffixes=("", "_2025"))
    mapping = pd.concat(
        [
            pd.DataFrame(
                {
                    "edition": "2020",
                    "code_2020": to_2024["from_code"],
                    "unit_code": to_2024["from_code"],
                    "share": 1.0,
                }
            ),
            pd.DataFrame(
                {
                    "edition": "2024",
                    "code_2020": to_2024["from_code"],
                    "unit_code": to_2024["to_code"],
                    "share": 1.0,
                }
            ),
            pd.DataFrame(
                {
                    "edition": "2025",
                    "code_2020": chain["from_code"],
                    "unit_code": chain["to_code_2025"],
                    "share": chain["share"],
                }
            ),
        ],
        ignore_index=True,
    )
    editions = pd.Series([edition_in_force(m.date()) for m in MONTHS], index=MONTHS, name="edition")
    figures = figures.join(editions, on="period")
    merged = figures.merge(mapping, on=["edition", "code_2020"], validate="many_to_many")
    merged["numerator"] *= merged["share"]
    merged["denominator"] *= merged["share"]
    summed = merged.groupby(["period", "edition", "unit_code", "kpi"], as_index=False)[
        ["numerator", "denominator"]
    ].sum(min_count=1)
    # Shares of split units make fractions: figures are whole people, dossiers and teams.
    summed["numerator"] = summed["numerator"].round()
    summed["denominator"] = summed["denominator"].round()
    return summed


def _drop_unreported(figures: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A few communes miss a few monthly reports (never in 2022, whose totals are published)."""
    reports = figures[["period", "edition", "unit_code"]].drop_duplicates()
    late = reports[reports["period"] >= "2023-01-01"]
    laggards = {
        edition: rng.choice(sorted(late.loc[late["edition"] == edition, "unit_code"].unique()), size=n, replace=False)
        for edition, n in (("2020", 7), ("2024", 4), ("2025", 2))
    }
    is_laggard = pd.Series(
        [code in laggards[edition] for edition, code in zip(late["edition"], late["unit_code"], strict=True)],
        index=late.index,
    )
    missed = late[is_laggard & (rng.random(len(late)) < 0.3)]
    # The newest month always lacks the two laggards of 2025, so the overview shows a gap.
    newest = late[(late["period"] == MONTHS[-1]) & late["unit_code"].isin(laggards["2025"])]
    missed = pd.concat([missed, newest]).drop_duplicates()
    keys = ["period", "edition", "unit_code"]
    flagged = figures.merge(missed.assign(missed=True), on=keys, how="left")
    return figures[flagged["missed"].isna().to_numpy()].reset_index(drop=True)


def check_published_2022(sample: pd.DataFrame) -> None:
    """The sample must reproduce SPEC §2's 2022 figures; fail loudly if a change breaks that."""
    year = sample[sample["period"].dt.year == 2022]
    december = year[year["period"] == "2022-12-01"].groupby("kpi")[["numerator", "denominator"]].sum()
    totals = year.groupby("kpi")[["numerator", "denominator"]].sum()
    dossiers = totals.loc["online_dossier_rate"]
    assert dossiers["numerator"] == ONLINE_DOSSIERS_2022, f"online dossiers 2022: {dossiers['numerator']}"
    assert round(dossiers["numerator"] / dossiers["denominator"], 3) == 0.754, "online share 2022 must be 75,4%"
    assert december.loc["dx_teams", "numerator"] == TEAMS_2022_12, "teams at 2022-12 must be 1.473"
    assert december.loc["dx_team_members", "numerator"] == MEMBERS_2022_12, "members at 2022-12 must be 11.255"
    villages = december.loc["village_team_coverage"]
    assert villages["numerator"] == villages["denominator"] == VILLAGES, "villages at 2022-12 must be 1.452/1.452"
    assert december.loc["eid_level2_rate", "numerator"] > EID_ACCOUNTS_FLOOR_2022_12, "e-ID accounts over 330.000"
    chip = december.loc["chip_id_coverage"]
    rate = chip["numerator"] / chip["denominator"]
    assert rate >= FLOORS_2022["chip_id_coverage"], f"chip ID coverage at 2022-12 is {rate:.4f}, below 95%"
    phones = december.loc["smartphone_adult_rate"]
    assert round(phones["numerator"] / phones["denominator"], 3) == SMARTPHONE_2022_12, "smartphones 2022-12: 88,0%"
    cashless = totals.loc["cashless_utility_rate"]
    rate = cashless["numerator"] / cashless["denominator"]
    assert rate >= FLOORS_2022["cashless_utility_rate"], f"cashless 2022 is {rate:.4f}, below 86%"
    assert (sample["numerator"] <= sample["denominator"].fillna(np.inf)).all(), "numerator above denominator"
