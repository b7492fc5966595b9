-- What a unit came from and what it became across the reforms (direct crosswalk steps only).
SELECT
    c.from_edition, c.from_code, f.name AS from_name,
    c.to_edition, c.to_code, t.name AS to_name,
    c.share, c.split AS estimate
FROM crosswalk AS c
JOIN unit AS f ON f.edition = c.from_edition AND f.code = c.from_code
JOIN unit AS t ON t.edition = c.to_edition AND t.code = c.to_code
WHERE (c.to_edition = $edition AND c.to_code = $code)
   OR (c.from_edition = $edition AND c.from_code = $code)
ORDER BY c.from_edition, c.from_code, c.to_code
