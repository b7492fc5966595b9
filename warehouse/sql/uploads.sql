-- Every upload, newest first, with how many of its figures are still the current revision.
SELECT
    u.upload_id, u.uploaded_at, u.uploaded_by, u.file_name, u.sha256, u.period, u.edition,
    u.is_sample, u.skip_invalid, u.rows_loaded, u.rows_rejected, u.reverted_at, u.reverted_by,
    coalesce(c.figures, 0) AS figures_current,
    u.first_period,
    u.last_period
FROM upload AS u
LEFT JOIN (SELECT upload_id, count(*) AS figures FROM figure_current GROUP BY upload_id) AS c USING (upload_id)
ORDER BY u.upload_id DESC
