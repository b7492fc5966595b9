-- Uploads still in force that a new file would repeat: the same file (same SHA-256), or figures of the
-- same month for some of the same units. Sample data is not an upload an analyst made.
SELECT
    u.upload_id,
    u.file_name,
    u.uploaded_by,
    u.uploaded_at,
    u.sha256 = $sha256 AS same_file
FROM upload AS u
WHERE u.reverted_at IS NULL
  AND NOT u.is_sample
  AND (
      u.sha256 = $sha256
      OR EXISTS (
          SELECT 1 FROM observation AS o
          WHERE o.upload_id = u.upload_id AND o.period = $period AND list_contains($codes, o.unit_code)
      )
  )
ORDER BY u.upload_id DESC
