-- What the kept tables (warehouse/current.py) are computed through, summed as hashes: the units and their
-- districts, the crosswalks and their shares, each indicator's kind and aggregation, the editions' months.
-- `etl init` compares it before and after reloading the reference data.
SELECT
    (SELECT sum(hash(edition, code, district_code, district_name)) FROM unit) AS units,
    (SELECT sum(hash(from_edition, from_code, to_edition, to_code, split, share)) FROM crosswalk) AS crosswalks,
    (SELECT sum(hash(kpi, kind, aggregation)) FROM indicator) AS indicators,
    (SELECT sum(hash(edition, valid_from, valid_to)) FROM edition) AS editions
