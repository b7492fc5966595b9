-- The audit trail newest first, optionally one actor's or one action's ($actor, $action NULL: all),
-- at most $limit rows (NULL: all).
SELECT audit_id, happened_at, actor, action, object, detail, address
FROM audit
WHERE ($actor IS NULL OR actor = $actor)
  AND ($action IS NULL OR action = $action)
ORDER BY audit_id DESC
LIMIT coalesce($limit, 9223372036854775807)
