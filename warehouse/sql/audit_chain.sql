-- Every audit row with its hashes, oldest first: what the chain check recomputes.
SELECT audit_id, happened_at, actor, action, object, detail, address, previous_hash, hash
FROM audit
ORDER BY audit_id
