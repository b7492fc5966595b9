-- Web-sized official boundaries of an edition, where they were imported.
SELECT unit_code, web_geojson
FROM boundary
WHERE edition = $edition
ORDER BY unit_code
