-- Every upload, newest first, with how many of its figures are still the current revision.
SELECT
    u.upload_id, u.uploaded_at, u.uploaded_by, u.file_name, u.sha256, u.period, u.edition,
    u.is_sample, u.skip_invalid, u.rows_loaded, u.rows_rejected, u.reverted_at, u.reverted_by,
    (SELECT count(*) FROM observation_revision AS r WHERE r.upload_id = u.upload_id AND r.newest_first = 1)
        AS figures_current,
    (SELECT min(o.period) FROM observation AS o WHERE o.upload_id = u.upload_id) AS first_period,
    (SELECT max(o.period) FROM observation AS o WHERE o.upload_id = u.upload_id) AS last_period
FROM upload AS u
ORDER BY u.upload_id DESC
