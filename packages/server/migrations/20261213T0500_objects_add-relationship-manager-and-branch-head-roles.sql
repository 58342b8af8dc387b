-- Issue 21: two people the automation rules and the customer 360° view are about.
--
-- relationship-manager (客户经理): looks after a book of customers (the customer record's owner,
-- objects.record.owner_id). Reads the branch's customers, accounts, holdings and products; changes
-- and unmasks only their own customers (scope own); reads the cases of the department, masked as
-- an agent would. Automation rules give them follow-up tasks ({"userField": "relationshipManager"}).
--
-- branch-head (分行负责人): the head of a branch, whom rules notify ({"departmentRole": "branch-head"},
-- looked for in the subject's department and up the tree). Reads the branch's (subtree's) cases
-- and records, its dashboards and SLA board, and changes nothing by this role. Deliberately not the
-- department role `head` that SLA escalations name (recipient department-head, route-to-reviewer):
-- granting that one would move overdue complaint reviews to the branch head in every install
-- that gives it to someone; an administrator who wants that gives people the role `head` as well.
INSERT INTO access.role (key, name, description, builtin, permissions) VALUES
('relationship-manager', '客户经理 Relationship manager', 'Looks after their own customers: reads the branch''s customers and cases, changes and unmasks their own customers, receives follow-up tasks from automation rules', true,
 '[{"action":"record:read","scope":"department"},{"action":"record:read","scope":"own"},{"action":"record:update","scope":"own"},{"action":"record:unmask","scope":"own"},{"action":"case:read","scope":"department"},{"action":"case:comment","scope":"department"}]'),
('branch-head', '分行负责人 Branch head', 'The head of a branch: reads its cases, records, dashboards and SLA board; receives the notifications automation rules address to the branch head', true,
 '[{"action":"case:read","scope":"subtree"},{"action":"record:read","scope":"subtree"},{"action":"sla:read"},{"action":"analytics:read"},{"action":"automation:read"}]')
ON CONFLICT (key) DO NOTHING;
