-- A reverted upload's figures: each falls back to its newest revision that is not reverted, or to none.
-- Only the revisions of those figures are ranked, not the whole history.
CREATE OR REPLACE TEMP TABLE reverted_keys AS
SELECT period, edition, unit_code, kpi FROM observation WHERE upload_id = $upload_id;

DELETE FROM figure_current AS f
USING reverted_keys AS k
WHERE f.period = k.period AND f.edition = k.edition AND f.unit_code = k.unit_code AND f.kpi = k.kpi;

INSERT INTO figure_current (period, edition, unit_code, kpi, upload_id, numerator, denominator, is_sample)
SELECT o.period, o.edition, o.unit_code, o.kpi, o.upload_id, o.numerator, o.denominator, u.is_sample
FROM observation AS o
SEMI JOIN reverted_keys AS k USING (period, edition, unit_code, kpi)
JOIN upload AS u USING (upload_id)
WHERE u.reverted_at IS NULL
QUALIFY row_number() OVER (PARTITION BY o.period, o.edition, o.unit_code, o.kpi ORDER BY o.upload_id DESC) = 1;

DROP TABLE reverted_keys;
