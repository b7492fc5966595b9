-- Every figure's newest revision that is not reverted (the whole history ranked once).
INSERT INTO figure_current (period, edition, unit_code, kpi, upload_id, numerator, denominator, is_sample)
SELECT o.period, o.edition, o.unit_code, o.kpi, o.upload_id, o.numerator, o.denominator, u.is_sample
FROM observation AS o
JOIN upload AS u USING (upload_id)
WHERE u.reverted_at IS NULL
QUALIFY row_number() OVER (PARTITION BY o.period, o.edition, o.unit_code, o.kpi ORDER BY o.upload_id DESC) = 1
