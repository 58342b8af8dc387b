-- The demo seed applies the shipped SLA packs (issue 16) before it creates the demo cases, so
-- their clocks start as any case's would: system:seed gets sla:admin, and no more.
UPDATE access.role SET permissions = permissions || '[{"action":"sla:admin"}]'::jsonb, updated_at = now()
 WHERE key = 'system-seed' AND NOT permissions @> '[{"action":"sla:admin"}]'::jsonb;
