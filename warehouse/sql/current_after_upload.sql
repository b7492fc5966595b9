-- A new upload's figures become current: the revisions they replace leave `figure_current` first.
DELETE FROM figure_current AS f
USING observation AS o
WHERE o.upload_id = $upload_id
  AND f.period = o.period AND f.edition = o.edition AND f.unit_code = o.unit_code AND f.kpi = o.kpi;

INSERT INTO figure_current (period, edition, unit_code, kpi, upload_id, numerator, denominator, is_sample)
SELECT o.period, o.edition, o.unit_code, o.kpi, o.upload_id, o.numerator, o.denominator, u.is_sample
FROM observation AS o
JOIN upload AS u USING (upload_id)
WHERE o.upload_id = $upload_id;
