-- Every account without its password hash.
SELECT
    name,
    role,
    coalesce(scope, 'province') AS scope,
    active,
    locked_until,
    password_hash IS NOT NULL AS has_password,
    created_at,
    created_by,
    changed_at
FROM account
ORDER BY name
