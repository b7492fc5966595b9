-- Warehouse schema. Every statement is idempotent: `etl init` runs this file on every call.

CREATE TABLE IF NOT EXISTS warehouse_info (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS edition (
    edition VARCHAR PRIMARY KEY,
    unit_count INTEGER NOT NULL,
    valid_from DATE,            -- NULL: since before the dashboard's first month
    valid_to DATE,              -- NULL: still in force
    legal_basis VARCHAR NOT NULL,
    has_districts BOOLEAN NOT NULL
);

CREATE TABLE IF NOT EXISTS unit (
    edition VARCHAR NOT NULL,
    code VARCHAR NOT NULL,      -- national 5-digit code; reused across editions
    name VARCHAR NOT NULL,
    type VARCHAR NOT NULL CHECK (type IN ('phuong', 'xa', 'thi_tran', 'dac_khu')),
    district_code VARCHAR,
    district_name VARCHAR,
    lat DOUBLE NOT NULL,
    lon DOUBLE NOT NULL,
    area_km2 DOUBLE,
    population DOUBLE,          -- where known; NULL otherwise
    hex_col INTEGER NOT NULL,   -- position in the equal-area hexagon map (odd-r offset)
    hex_row INTEGER NOT NULL,
    PRIMARY KEY (edition, code)
);

CREATE TABLE IF NOT EXISTS crosswalk (
    from_edition VARCHAR NOT NULL,
    from_code VARCHAR NOT NULL,
    to_edition VARCHAR NOT NULL,
    to_code VARCHAR NOT NULL,
    split BOOLEAN NOT NULL,     -- the old unit was divided: carried figures are estimates
    share DOUBLE NOT NULL,      -- share of the old unit's population in this part
    share_method VARCHAR NOT NULL CHECK (share_method IN ('whole', 'population', 'equal')),
    PRIMARY KEY (from_edition, from_code, to_code)
);

CREATE TABLE IF NOT EXISTS boundary (
    edition VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    original_geojson VARCHAR NOT NULL,   -- repaired, oriented, full resolution
    web_geojson VARCHAR NOT NULL,        -- simplified along shared borders, for the browser
    import_id BIGINT NOT NULL,
    PRIMARY KEY (edition, unit_code)
);

CREATE TABLE IF NOT EXISTS boundary_import (
    import_id BIGINT PRIMARY KEY,  -- given by the writing transaction (warehouse.engine.next_id)
    edition VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    report_json VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS indicator (
    kpi VARCHAR PRIMARY KEY,
    sort_order INTEGER NOT NULL,
    name_vi VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    short_vi VARCHAR NOT NULL,
    short_en VARCHAR NOT NULL,
    kind VARCHAR NOT NULL CHECK (kind IN ('rate', 'count')),
    aggregation VARCHAR NOT NULL CHECK (aggregation IN ('flow', 'stock')),
    direction VARCHAR NOT NULL CHECK (direction IN ('up', 'down')),
    numerator_vi VARCHAR NOT NULL,
    numerator_en VARCHAR NOT NULL,
    denominator_vi VARCHAR,
    denominator_en VARCHAR,
    published_2022 VARCHAR,
    max_per_unit DOUBLE         -- the most one unit can plausibly report of a numerator, denominator or count
);
ALTER TABLE indicator ADD COLUMN IF NOT EXISTS max_per_unit DOUBLE;

CREATE TABLE IF NOT EXISTS target (
    kpi VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    edition VARCHAR,            -- NULL with unit_code NULL: a province-wide target
    unit_code VARCHAR,
    value DOUBLE NOT NULL,      -- a fraction for rates, a number for counts
    source VARCHAR NOT NULL     -- 'example' unless a source is named
);

CREATE TABLE IF NOT EXISTS upload (
    upload_id BIGINT PRIMARY KEY,  -- given by the writing transaction (warehouse.engine.next_id)
    uploaded_at TIMESTAMP NOT NULL,
    uploaded_by VARCHAR NOT NULL,
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    file_bytes BLOB,            -- before schema 5: the original file; since, in `original` by sha256
    period DATE,                -- NULL for a multi-month upload such as the sample
    edition VARCHAR,
    is_sample BOOLEAN NOT NULL DEFAULT false,
    skip_invalid BOOLEAN NOT NULL DEFAULT false,
    rows_loaded INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    reverted_at TIMESTAMP,
    reverted_by VARCHAR
);

CREATE TABLE IF NOT EXISTS observation (
    upload_id BIGINT NOT NULL,
    period DATE NOT NULL,       -- first day of the month
    edition VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    kpi VARCHAR NOT NULL,
    numerator DOUBLE NOT NULL,  -- for counts: the count
    denominator DOUBLE          -- NULL for counts
    -- One row per (upload_id, period, edition, unit_code, kpi): `record_upload` checks it. No primary key:
    -- its index was 94 % of a national warehouse's file, and DuckLake has none.
);

-- The first and last month of an upload's figures (kept when it is stored; the upload list shows them).
ALTER TABLE upload ADD COLUMN IF NOT EXISTS first_period DATE;
ALTER TABLE upload ADD COLUMN IF NOT EXISTS last_period DATE;

-- The current revision of every figure, kept by the writes (warehouse/current.py) in the transaction of
-- each load and revert: questions read it directly instead of ranking every revision again. One row per
-- (period, edition, unit_code, kpi): the writes keep it so (no index: it would cost more than the data).
CREATE TABLE IF NOT EXISTS figure_current (
    period DATE NOT NULL,
    edition VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    kpi VARCHAR NOT NULL,
    upload_id BIGINT NOT NULL,
    numerator DOUBLE NOT NULL,
    denominator DOUBLE,
    is_sample BOOLEAN NOT NULL
);

-- Current figures per month, and how many of them are sample data: the small questions' small table.
CREATE TABLE IF NOT EXISTS month_summary (
    period DATE NOT NULL,
    figures BIGINT NOT NULL,
    sample_figures BIGINT NOT NULL
);

-- Every revision ranked, newest first, of the uploads not reverted (the rule `figure_current` keeps).
CREATE OR REPLACE VIEW observation_revision AS
SELECT
    o.*,
    u.is_sample,
    row_number() OVER (
        PARTITION BY o.period, o.edition, o.unit_code, o.kpi ORDER BY o.upload_id DESC
    ) AS newest_first
FROM observation AS o
JOIN upload AS u USING (upload_id)
WHERE u.reverted_at IS NULL;

CREATE OR REPLACE VIEW observation_current AS
SELECT
    r.period,
    r.edition,
    r.unit_code,
    r.kpi,
    r.numerator,
    r.denominator,
    CAST(CASE WHEN i.kind = 'rate' THEN r.numerator / nullif(r.denominator, 0) ELSE r.numerator END AS DOUBLE) AS value
FROM figure_current AS r
JOIN indicator AS i USING (kpi);

-- Column mappings an analyst made by hand, remembered for the next file of the same shape.
CREATE TABLE IF NOT EXISTS column_mapping (
    column_key VARCHAR NOT NULL,   -- folded "group | header" of the column
    kpi VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('numerator', 'denominator', 'rate', 'count')),
    saved_by VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    PRIMARY KEY (column_key, kpi, role)
);
-- The upload it was saved with (NULL: saved on its own): reverting that upload forgets it too.
ALTER TABLE column_mapping ADD COLUMN IF NOT EXISTS upload_id BIGINT;

-- Unit names an analyst matched by hand ("Xã Cai Chien" → 06967), per edition.
CREATE TABLE IF NOT EXISTS unit_alias (
    edition VARCHAR NOT NULL,
    alias VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    saved_by VARCHAR NOT NULL,
    saved_at TIMESTAMP NOT NULL,
    PRIMARY KEY (edition, alias)
);
ALTER TABLE unit_alias ADD COLUMN IF NOT EXISTS upload_id BIGINT;

-- Every way a unit's figures reach a later (or the same) edition: the crosswalks composed.
-- `estimate` marks parts of a split unit, whose share of the figures is apportioned.
CREATE OR REPLACE VIEW crosswalk_chain AS
SELECT edition AS from_edition, code AS from_code, edition AS to_edition, code AS to_code,
       1.0 AS share, false AS estimate
FROM unit
UNION ALL
SELECT from_edition, from_code, to_edition, to_code, share, split AS estimate
FROM crosswalk
UNION ALL
SELECT a.from_edition, a.from_code, b.to_edition, b.to_code, a.share * b.share, a.split OR b.split
FROM crosswalk AS a
JOIN crosswalk AS b ON b.from_edition = a.to_edition AND b.from_code = a.to_code;

-- Figures of the units of every edition, carried forward through the crosswalks (never backwards):
-- whole units exactly, parts of a divided unit by their share, marked as estimates. A unit made of
-- several earlier units is complete only when all of them reported that month. If some did not, a rate
-- over the parts that did is kept, marked as an estimate; a count over them would be too low, so it is
-- left out (no figure rather than a false fall). Computed here; kept in `unit_month` by the writes
-- (warehouse/current.py), for the months a load or revert touches, so that reading them joins nothing.
CREATE OR REPLACE VIEW unit_figures_live AS
WITH carried AS (
    SELECT
        o.period,
        o.kpi,
        o.edition,
        c.to_edition,
        c.to_code,
        o.numerator * c.share AS numerator,
        o.denominator * c.share AS denominator,
        c.estimate
    FROM figure_current AS o
    JOIN crosswalk_chain AS c ON c.from_edition = o.edition AND c.from_code = o.unit_code
),
parts AS (
    SELECT from_edition AS edition, to_edition, to_code, count(*) AS expected
    FROM crosswalk_chain
    GROUP BY from_edition, to_edition, to_code
)
SELECT
    c.to_edition AS edition,
    c.period,
    c.kpi,
    c.to_code AS unit_code,
    sum(c.numerator) AS numerator,
    sum(c.denominator) AS denominator,
    bool_or(c.estimate) OR count(*) < any_value(p.expected) AS estimate
FROM carried AS c
JOIN parts AS p USING (edition, to_edition, to_code)
JOIN indicator AS i USING (kpi)
GROUP BY c.to_edition, c.period, c.kpi, c.to_code
HAVING count(*) = any_value(p.expected) OR any_value(i.kind) = 'rate';

-- The view's rows, kept in the order edition, period, kpi, unit: a question about some months of one
-- edition reads only the blocks that hold them (DuckDB skips a block by its smallest and largest value).
CREATE TABLE IF NOT EXISTS unit_month (
    edition VARCHAR NOT NULL,
    period DATE NOT NULL,
    kpi VARCHAR NOT NULL,
    unit_code VARCHAR NOT NULL,
    numerator DOUBLE,
    denominator DOUBLE,
    estimate BOOLEAN NOT NULL
);

-- How many indicators each unit reported on its own map, month by month (the reporting heatmap): kept by
-- the same writes.
CREATE TABLE IF NOT EXISTS unit_reporting (
    edition VARCHAR NOT NULL,
    period DATE NOT NULL,
    unit_code VARCHAR NOT NULL,
    indicators BIGINT NOT NULL
);

-- Every unit of the map in force, per month and indicator, under the missing-report rule (SPEC §8,
-- core/missing.py): a stock a unit did not report is carried from its last report on the same map for
-- at most `carry_months` months (warehouse_info); a flow is never carried. `reported` is the month of
-- the figure used: the month itself, an earlier month (carried), or NULL (no figure: the unit counts
-- as missing). The months are those in which any unit reported anything. A table macro of the months
-- wanted (NULL: all), which a write computes for the months it touches: DuckDB 1.5.5 does not push a
-- month filter on the view into it, and computed every month (7 s and 3 GB a month at national scale).
CREATE OR REPLACE MACRO unit_figures_in_force_of(periods) AS TABLE
WITH rule AS (
    SELECT CAST(value AS INTEGER) AS carry_months FROM warehouse_info WHERE key = 'carry_months'
),
months AS (
    SELECT s.period, e.edition
    FROM month_summary AS s
    JOIN edition AS e
      ON s.period BETWEEN coalesce(e.valid_from, DATE '1900-01-01') AND coalesce(e.valid_to, DATE '9999-12-31')
    WHERE s.figures > 0 AND (periods IS NULL OR list_contains(periods, s.period))
),
expected AS (
    SELECT m.period, m.edition, u.code AS unit_code, u.district_code, u.district_name, i.kpi, i.kind, i.aggregation
    FROM months AS m
    JOIN unit AS u USING (edition)
    CROSS JOIN indicator AS i
),
-- A unit's figure of the month, or the newest of its stock carried from the months before. Two joins on
-- equal keys (same month; earlier months of a stock) rather than one join with an OR in its condition,
-- which DuckDB 1.5 runs as a nested loop (about 100x slower on the sample).
-- The figures those months can use: their own, and the stocks of the carry window before them.
recent AS (
    SELECT o.*
    FROM observation_current AS o
    WHERE periods IS NULL
       OR o.period BETWEEN (SELECT min(period) FROM months) - to_months((SELECT carry_months FROM rule))
                       AND (SELECT max(period) FROM months)
),
found AS (
    SELECT x.period, x.kpi, x.edition, x.unit_code, o.period AS reported, o.numerator, o.denominator
    FROM expected AS x
    JOIN recent AS o
      ON o.edition = x.edition AND o.unit_code = x.unit_code AND o.kpi = x.kpi AND o.period = x.period
    UNION ALL
    SELECT x.period, x.kpi, x.edition, x.unit_code, o.period AS reported, o.numerator, o.denominator
    FROM expected AS x
    CROSS JOIN rule AS r
    JOIN recent AS o
      ON o.edition = x.edition AND o.unit_code = x.unit_code AND o.kpi = x.kpi
     AND o.period < x.period AND o.period >= x.period - to_months(r.carry_months)
    WHERE x.aggregation = 'stock'
),
newest AS (
    SELECT *
    FROM found
    QUALIFY row_number() OVER (PARTITION BY period, kpi, edition, unit_code ORDER BY reported DESC) = 1
)
SELECT
    x.period, x.kpi, x.kind, x.edition, x.unit_code, x.district_code, x.district_name,
    f.reported, f.numerator, f.denominator,
    f.reported < x.period AS carried
FROM expected AS x
LEFT JOIN newest AS f USING (period, kpi, edition, unit_code);

CREATE OR REPLACE VIEW unit_figures_in_force AS
SELECT * FROM unit_figures_in_force_of(NULL);

-- Sums under that rule, for the province (`district_code` NULL) and for each district of the maps that
-- had districts (2020, 2024): numerators and denominators summed (never an average of rates) over the
-- units that reported and the stocks carried. `complete` is false for a month in which some unit's
-- figure is neither reported nor carried. Computed here; kept in `area_month` by the writes
-- (warehouse/current.py), for the months a load or revert touches, so that reading them joins nothing.
CREATE OR REPLACE MACRO area_figures_of(periods) AS TABLE
SELECT
    period,
    kpi,
    grouping(district_code) = 1 AS whole_province,
    district_code,
    any_value(district_name) AS district_name,
    sum(numerator) AS numerator,
    sum(denominator) AS denominator,
    CAST(CASE WHEN any_value(kind) = 'rate' THEN sum(numerator) / nullif(sum(denominator), 0)
              ELSE sum(numerator) END AS DOUBLE) AS value,
    count(*) AS units_expected,
    count(*) FILTER (WHERE reported = period) AS units_reported,
    count(*) FILTER (WHERE reported < period) AS units_carried,
    count(*) FILTER (WHERE reported IS NULL) = 0 AS complete
FROM unit_figures_in_force_of(periods)
GROUP BY GROUPING SETS ((period, kpi), (period, kpi, district_code));

CREATE OR REPLACE VIEW area_figures_live AS
SELECT * FROM area_figures_of(NULL);

CREATE TABLE IF NOT EXISTS area_month (
    period DATE NOT NULL,
    kpi VARCHAR NOT NULL,
    whole_province BOOLEAN NOT NULL,
    district_code VARCHAR,
    district_name VARCHAR,
    numerator DOUBLE,
    denominator DOUBLE,
    value DOUBLE,
    units_expected BIGINT NOT NULL,
    units_reported BIGINT NOT NULL,
    units_carried BIGINT NOT NULL,
    complete BOOLEAN NOT NULL
);

CREATE OR REPLACE VIEW area_figures AS
SELECT * FROM area_month;

-- The province per month and indicator on the map in force (SPEC §5).
CREATE OR REPLACE VIEW province_figures AS
SELECT period, kpi, numerator, denominator, value, units_expected, units_reported, units_carried, complete
FROM area_figures
WHERE whole_province;

-- The same per district, for the months whose map had districts.
CREATE OR REPLACE VIEW district_figures AS
SELECT period, kpi, district_code, district_name, numerator, denominator, value,
       units_expected, units_reported, units_carried, complete
FROM area_figures
WHERE NOT whole_province AND district_code IS NOT NULL;

-- Local accounts (SPEC §9). A NULL password_hash signs in only through the identity provider.
CREATE TABLE IF NOT EXISTS account (
    name VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    scope VARCHAR,                 -- NULL: the whole province; else unit codes, comma-separated
    password_hash VARCHAR,         -- argon2id, never shown
    active BOOLEAN NOT NULL DEFAULT true,
    failed_sign_ins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL,
    changed_at TIMESTAMP
);

-- The audit trail: every write and every sign-in, appended, never changed. Each row's hash covers the
-- row and the hash before it, so a row changed or removed outside the product breaks the chain.
CREATE TABLE IF NOT EXISTS audit (
    audit_id BIGINT PRIMARY KEY,  -- given by the writing transaction (warehouse.engine.next_id)
    happened_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,        -- the account, "operator:<login>", or the name tried at a failed sign-in
    action VARCHAR NOT NULL,
    object VARCHAR,                -- what it was done to: an upload id, an account, a target …
    detail VARCHAR,                -- JSON
    address VARCHAR,               -- where the request came from, where known
    previous_hash VARCHAR NOT NULL,
    hash VARCHAR NOT NULL
);

-- The original files as received, once each however often they are uploaded (keyed by SHA-256).
CREATE TABLE IF NOT EXISTS original (
    sha256 VARCHAR PRIMARY KEY,
    file_bytes BLOB NOT NULL
);
