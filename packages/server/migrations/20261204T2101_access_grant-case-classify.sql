-- Lowering a case's sensitivity (secret → normal) is a permission of its own, case:classify:
-- an administrator everywhere, a supervisor in the own department subtree. Agents keep raising it.
UPDATE access.role SET permissions = permissions || '[{"action":"case:classify"}]'::jsonb, updated_at = now()
 WHERE key = 'admin' AND NOT permissions @> '[{"action":"case:classify"}]'::jsonb;
UPDATE access.role SET permissions = permissions || '[{"action":"case:classify","scope":"subtree"}]'::jsonb, updated_at = now()
 WHERE key = 'supervisor' AND NOT permissions @> '[{"action":"case:classify"}]'::jsonb;
