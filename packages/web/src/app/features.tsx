import { lazy, type ComponentType, type ReactNode } from 'react';
import { matchPath } from 'react-router-dom';
import {
  AppstoreOutlined,
  ContactsOutlined,
  AuditOutlined,
  BookOutlined,
  DashboardOutlined,
  FieldTimeOutlined,
  BranchesOutlined,
  MonitorOutlined,
  CheckSquareOutlined,
  FormOutlined,
  LineChartOutlined,
  NodeIndexOutlined,
  PlusOutlined,
  SafetyOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import type { Action } from '@docket/client';
import type { MessageKey } from '../i18n/i18n.ts';

/**
 * One screen of the console: where it lives, what it needs, and whether the menu offers it.
 * The router (router.tsx), the header menu and the phone's drawer (layout.tsx) and the access
 * guard (RequireAction) all read this list, so a new screen is one entry here.
 */
export interface ConsoleFeature {
  /** Path under the signed-in frame, as react-router spells it ('' is the start page). */
  path: string;
  /** Loaded on demand, so sign-in and the workspace stay small. */
  screen: ComponentType;
  /** The action the screen needs: without it the reader sees "no access" and the screen never renders (nor asks the API). */
  action?: Action;
  /** The menu entry this screen highlights; the entry itself is declared on one feature with `menu`. */
  section: string;
  menu?: { label: MessageKey; icon: ReactNode /** The account entry sits in the user menu, not the main menu. */; place?: 'main' | 'account' };
}

// Named exports as lazy default components: each screen family is a chunk of its own (the form
// designer's form-js editor and the case view's viewer load only where they are used).
const screen = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => lazy(() => load().then((m) => ({ default: m[name] })));

const WorkspacePage = screen(() => import('../features/cases/workspace-page.tsx'), 'WorkspacePage');
const NewCasePage = screen(() => import('../features/cases/new-case-page.tsx'), 'NewCasePage');
const CasePage = screen(() => import('../features/cases/case-page.tsx'), 'CasePage');
const FormDesignerPage = screen(() => import('../features/designer/form-designer-page.tsx'), 'FormDesignerPage');
const AuditHomePage = screen(() => import('../features/audit/audit-page.tsx'), 'AuditHomePage');
const CaseAuditPage = screen(() => import('../features/audit/audit-page.tsx'), 'CaseAuditPage');
const AdminPage = screen(() => import('../features/admin/admin-page.tsx'), 'AdminPage');
const AccountPage = screen(() => import('../features/account/account-page.tsx'), 'AccountPage');
const MyTasksPage = screen(() => import('../features/tasks/my-tasks-page.tsx'), 'MyTasksPage');
const TaskPage = screen(() => import('../features/tasks/task-page.tsx'), 'TaskPage');
const ProcessesPage = screen(() => import('../features/processes/processes-page.tsx'), 'ProcessesPage');
const ProcessPage = screen(() => import('../features/processes/process-page.tsx'), 'ProcessPage');
const InstancePage = screen(() => import('../features/processes/instance-page.tsx'), 'InstancePage');
const NewProcessPage = screen(() => import('../features/modeler/modeler-page.tsx'), 'NewProcessPage');
const EditProcessPage = screen(() => import('../features/modeler/modeler-page.tsx'), 'EditProcessPage');
const DecisionsPage = screen(() => import('../features/decisions/decisions-page.tsx'), 'DecisionsPage');
const DecisionPage = screen(() => import('../features/decisions/decision-page.tsx'), 'DecisionPage');
const DecisionDesignerPage = screen(() => import('../features/decisions/decision-designer-page.tsx'), 'DecisionDesignerPage');
const SlaPoliciesPage = screen(() => import('../features/sla-admin/policies-page.tsx'), 'PoliciesPage');
const SlaPolicyPage = screen(() => import('../features/sla-admin/policy-page.tsx'), 'PolicyPage');
const CalendarsPage = screen(() => import('../features/sla-admin/calendars-page.tsx'), 'CalendarsPage');
const CalendarPage = screen(() => import('../features/sla-admin/calendar-page.tsx'), 'CalendarPage');
const SlaBoardPage = screen(() => import('../features/sla-board/sla-board-page.tsx'), 'SlaBoardPage');
const SlaReportPage = screen(() => import('../features/sla-report/sla-report-page.tsx'), 'SlaReportPage');
const RoutingQueuesPage = screen(() => import('../features/routing-admin/queues-page.tsx'), 'QueuesPage');
const RoutingRulesPage = screen(() => import('../features/routing-admin/rules-page.tsx'), 'RulesPage');
const RoutingRulePage = screen(() => import('../features/routing-admin/rule-page.tsx'), 'RulePage');
const RoutingAgentsPage = screen(() => import('../features/routing-admin/agents-page.tsx'), 'AgentsPage');
const BranchAreasPage = screen(() => import('../features/routing-admin/branch-areas-page.tsx'), 'BranchAreasPage');
const RoutingLivePage = screen(() => import('../features/routing/routing-live-page.tsx'), 'RoutingLivePage');
const WebhooksPage = screen(() => import('../features/integration-admin/webhooks-page.tsx'), 'WebhooksPage');
const WebhookDeliveriesPage = screen(() => import('../features/integration-admin/deliveries-page.tsx'), 'DeliveriesPage');
const IngestSourcesPage = screen(() => import('../features/integration-admin/sources-page.tsx'), 'SourcesPage');
const IngestSourcePage = screen(() => import('../features/integration-admin/source-page.tsx'), 'SourcePage');
const IngestDeadLettersPage = screen(() => import('../features/integration-admin/dead-letters-page.tsx'), 'DeadLettersPage');
const PublicFormsPage = screen(() => import('../features/integration-admin/public-forms-page.tsx'), 'PublicFormsPage');
const MailboxesPage = screen(() => import('../features/integration-admin/mailboxes-page.tsx'), 'MailboxesPage');
// Issue 21: custom objects, the customer 360° view, automation rules. Each part owns its screens' files.
const RecordsHomePage = screen(() => import('../features/objects/records-home-page.tsx'), 'RecordsHomePage');
const RecordListPage = screen(() => import('../features/objects/record-list-page.tsx'), 'RecordListPage');
const RecordPage = screen(() => import('../features/objects/record-page.tsx'), 'RecordPage');
const ImportPage = screen(() => import('../features/objects/import-page.tsx'), 'ImportPage');
const ObjectTypesPage = screen(() => import('../features/objects/object-types-page.tsx'), 'ObjectTypesPage');
const ObjectTypeDesignerPage = screen(() => import('../features/objects/object-type-designer-page.tsx'), 'ObjectTypeDesignerPage');
const Customer360Page = screen(() => import('../features/customer-360/customer-360-page.tsx'), 'Customer360Page');
const RulesPage = screen(() => import('../features/automation/rules-page.tsx'), 'RulesPage');
const RuleDesignerPage = screen(() => import('../features/automation/rule-designer-page.tsx'), 'RuleDesignerPage');
// Issue 22: private intelligence. Each part owns its screens' files (the new-case prefill lives in features/cases).
const QualityListPage = screen(() => import('../features/assist-quality/quality-list-page.tsx'), 'QualityListPage');
const AssistSettingsPage = screen(() => import('../features/assist-admin/settings-page.tsx'), 'AssistSettingsPage');
const AssistReportPage = screen(() => import('../features/assist-admin/report-page.tsx'), 'AssistReportPage');
// Issue 20: analytics. Each part owns its screens' files.
const CockpitPage = screen(() => import('../features/analytics/cockpit-page.tsx'), 'CockpitPage');
const AnalyticsDrillPage = screen(() => import('../features/analytics/drill-page.tsx'), 'DrillPage');
const ProcessMiningPage = screen(() => import('../features/analytics/process-mining-page.tsx'), 'ProcessMiningPage');
const SpikesPage = screen(() => import('../features/analytics/spikes-page.tsx'), 'SpikesPage');
const ReportPacksPage = screen(() => import('../features/analytics/report-packs-page.tsx'), 'ReportPacksPage');
const ReportsPage = screen(() => import('../features/analytics/reports-page.tsx'), 'ReportsPage');
const ReportDesignerPage = screen(() => import('../features/analytics/report-designer-page.tsx'), 'ReportDesignerPage');
const BoardPage = screen(() => import('../features/analytics/board-page.tsx'), 'BoardPage');
const KnowledgeHomePage = screen(() => import('../features/knowledge/knowledge-home-page.tsx'), 'KnowledgeHomePage');
const KnowledgeSearchPage = screen(() => import('../features/knowledge/search-page.tsx'), 'KnowledgeSearchPage');
const KnowledgeArticlePage = screen(() => import('../features/knowledge/article-page.tsx'), 'ArticlePage');
const NewKnowledgeArticlePage = screen(() => import('../features/knowledge/article-editor-page.tsx'), 'NewArticlePage');
const EditKnowledgeArticlePage = screen(() => import('../features/knowledge/article-editor-page.tsx'), 'EditArticlePage');
const KnowledgeReviewQueuePage = screen(() => import('../features/knowledge/review-queue-page.tsx'), 'ReviewQueuePage');
const KnowledgeSettingsPage = screen(() => import('../features/knowledge/knowledge-settings-page.tsx'), 'KnowledgeSettingsPage');

/** In menu order. */
export const CONSOLE_FEATURES: readonly ConsoleFeature[] = [
  { path: '', screen: WorkspacePage, section: 'workspace', menu: { label: 'nav.workspace', icon: <AppstoreOutlined /> } },
  { path: 'cases/new', screen: NewCasePage, action: 'case:create', section: 'new', menu: { label: 'nav.newCase', icon: <PlusOutlined /> } },
  { path: 'cases/:id', screen: CasePage, section: 'workspace' },
  // Everyone may hold tasks (assigned, or as a candidate): the to-do list needs no action of its own.
  { path: 'tasks', screen: MyTasksPage, section: 'tasks', menu: { label: 'nav.tasks', icon: <CheckSquareOutlined /> } },
  { path: 'tasks/:id', screen: TaskPage, section: 'tasks' },
  // Issue 19: the knowledge base for every reader of it; writing, reviewing and its settings by action.
  { path: 'knowledge', screen: KnowledgeHomePage, action: 'knowledge:read', section: 'knowledge', menu: { label: 'nav.knowledge', icon: <BookOutlined /> } },
  { path: 'knowledge/search', screen: KnowledgeSearchPage, action: 'knowledge:read', section: 'knowledge' },
  { path: 'knowledge/articles/new', screen: NewKnowledgeArticlePage, action: 'knowledge:write', section: 'knowledge' },
  { path: 'knowledge/articles/:id', screen: KnowledgeArticlePage, action: 'knowledge:read', section: 'knowledge' },
  { path: 'knowledge/articles/:id/edit', screen: EditKnowledgeArticlePage, action: 'knowledge:write', section: 'knowledge' },
  { path: 'knowledge/review', screen: KnowledgeReviewQueuePage, action: 'knowledge:read', section: 'knowledge' },
  { path: 'knowledge/settings', screen: KnowledgeSettingsPage, action: 'knowledge:admin', section: 'knowledge' },
  // Issue 20: one menu entry; the analytics screens are side by side in the frame (analytics-frame.tsx).
  { path: 'analytics', screen: CockpitPage, action: 'analytics:read', section: 'analytics', menu: { label: 'nav.analytics', icon: <LineChartOutlined /> } },
  { path: 'analytics/drill', screen: AnalyticsDrillPage, action: 'analytics:read', section: 'analytics' },
  { path: 'analytics/process-mining', screen: ProcessMiningPage, action: 'analytics:read', section: 'analytics' },
  { path: 'analytics/spikes', screen: SpikesPage, action: 'analytics:read', section: 'analytics' },
  { path: 'analytics/report-packs', screen: ReportPacksPage, action: 'analytics:report-pack', section: 'analytics' },
  { path: 'analytics/reports', screen: ReportsPage, action: 'analytics:read', section: 'analytics' },
  { path: 'analytics/reports/new', screen: ReportDesignerPage, action: 'analytics:design', section: 'analytics' },
  { path: 'analytics/reports/:id', screen: ReportDesignerPage, action: 'analytics:read', section: 'analytics' },
  { path: 'analytics/boards/:id', screen: BoardPage, action: 'analytics:read', section: 'analytics' },
  // Issue 22: quality findings and the assistance report beside analytics; assistance settings from administration.
  { path: 'analytics/quality', screen: QualityListPage, action: 'assist:quality', section: 'analytics' },
  { path: 'analytics/assist', screen: AssistReportPage, action: 'assist:report', section: 'analytics' },
  { path: 'admin/assist', screen: AssistSettingsPage, action: 'assist:admin', section: 'admin' },
  // Issue 21: customers and other records for their readers; object types and automation rules from administration.
  { path: 'records', screen: RecordsHomePage, action: 'record:read', section: 'records', menu: { label: 'nav.records', icon: <ContactsOutlined /> } },
  { path: 'records/:type', screen: RecordListPage, action: 'record:read', section: 'records' },
  { path: 'records/:type/new', screen: RecordPage, action: 'record:create', section: 'records' },
  { path: 'records/:type/import', screen: ImportPage, action: 'record:import', section: 'records' },
  { path: 'records/:type/:id', screen: RecordPage, action: 'record:read', section: 'records' },
  { path: 'customers/:id', screen: Customer360Page, action: 'record:read', section: 'records' },
  { path: 'admin/object-types', screen: ObjectTypesPage, action: 'object-type:admin', section: 'admin' },
  { path: 'admin/object-types/new', screen: ObjectTypeDesignerPage, action: 'object-type:admin', section: 'admin' },
  { path: 'admin/object-types/:key', screen: ObjectTypeDesignerPage, action: 'object-type:admin', section: 'admin' },
  { path: 'admin/automation/rules', screen: RulesPage, action: 'automation:read', section: 'admin' },
  { path: 'admin/automation/rules/new', screen: RuleDesignerPage, action: 'automation:admin', section: 'admin' },
  { path: 'admin/automation/rules/:key', screen: RuleDesignerPage, action: 'automation:read', section: 'admin' },
  { path: 'processes', screen: ProcessesPage, action: 'process:read', section: 'processes', menu: { label: 'nav.processes', icon: <BranchesOutlined /> } },
  { path: 'processes/new', screen: NewProcessPage, action: 'process:deploy', section: 'processes' },
  { path: 'processes/:key', screen: ProcessPage, action: 'process:read', section: 'processes' },
  { path: 'processes/:key/edit', screen: EditProcessPage, action: 'process:deploy', section: 'processes' },
  { path: 'process-instances/:id', screen: InstancePage, action: 'process:read', section: 'processes' },
  { path: 'decisions', screen: DecisionsPage, action: 'decision:read', section: 'decisions', menu: { label: 'nav.decisions', icon: <NodeIndexOutlined /> } },
  { path: 'decisions/:key', screen: DecisionPage, action: 'decision:read', section: 'decisions' },
  { path: 'decisions/new', screen: DecisionDesignerPage, action: 'decision:deploy', section: 'decisions' },
  { path: 'decisions/:key/edit', screen: DecisionDesignerPage, action: 'decision:deploy', section: 'decisions' },
  { path: 'sla/board', screen: SlaBoardPage, action: 'sla:read', section: 'sla', menu: { label: 'nav.slaBoard', icon: <DashboardOutlined /> } },
  { path: 'sla/report', screen: SlaReportPage, action: 'sla:read', section: 'sla' },
  // Issue 17: the supervisor's live view of queues and agents.
  { path: 'routing/live', screen: RoutingLivePage, action: 'routing:read', section: 'routing-live', menu: { label: 'nav.routingLive', icon: <MonitorOutlined /> } },
  { path: 'designer', screen: FormDesignerPage, action: 'case-type:admin', section: 'designer', menu: { label: 'nav.designer', icon: <FormOutlined /> } },
  { path: 'designer/:key', screen: FormDesignerPage, action: 'case-type:admin', section: 'designer' },
  { path: 'audit', screen: AuditHomePage, action: 'audit:read', section: 'audit', menu: { label: 'nav.audit', icon: <AuditOutlined /> } },
  { path: 'audit/cases/:id', screen: CaseAuditPage, action: 'audit:read', section: 'audit' },
  // SLA settings (issue 16): policies, packs and the tester for administrators; calendars readable by anyone handling cases.
  { path: 'admin/sla-policies', screen: SlaPoliciesPage, action: 'sla:admin', section: 'sla-admin', menu: { label: 'nav.slaAdmin', icon: <FieldTimeOutlined /> } },
  { path: 'admin/sla-policies/:key', screen: SlaPolicyPage, action: 'sla:admin', section: 'sla-admin' },
  { path: 'admin/calendars', screen: CalendarsPage, action: 'calendar:read', section: 'sla-admin' },
  { path: 'admin/calendars/:key', screen: CalendarPage, action: 'calendar:read', section: 'sla-admin' },
  // Routing settings (issue 17): supervisors read queues, rules, profiles and areas and run the tester; administrators change them.
  // Reached from the live view (its section): at 1366 px the top menu has room for one routing entry, not two.
  { path: 'admin/routing/queues', screen: RoutingQueuesPage, action: 'routing:read', section: 'routing-live' },
  { path: 'admin/routing/rules', screen: RoutingRulesPage, action: 'routing:read', section: 'routing-live' },
  { path: 'admin/routing/rules/:key', screen: RoutingRulePage, action: 'routing:read', section: 'routing-live' },
  { path: 'admin/routing/agents', screen: RoutingAgentsPage, action: 'routing:read', section: 'routing-live' },
  { path: 'admin/routing/branch-areas', screen: BranchAreasPage, action: 'routing:read', section: 'routing-live' },
  // Integration settings (issue 18): webhooks, message ingestion and its dead letters, mailboxes, for administrators.
  // Reached from administration (its section): the top menu has no room for another entry at 1366 px.
  { path: 'admin/integrations/webhooks', screen: WebhooksPage, action: 'integration:admin', section: 'admin' },
  { path: 'admin/integrations/webhooks/:id/deliveries', screen: WebhookDeliveriesPage, action: 'integration:admin', section: 'admin' },
  { path: 'admin/integrations/sources', screen: IngestSourcesPage, action: 'integration:admin', section: 'admin' },
  { path: 'admin/integrations/sources/:key', screen: IngestSourcePage, action: 'integration:admin', section: 'admin' },
  { path: 'admin/integrations/sources/:key/dead-letters', screen: IngestDeadLettersPage, action: 'integration:admin', section: 'admin' },
  { path: 'admin/integrations/mailboxes', screen: MailboxesPage, action: 'integration:admin', section: 'admin' },
  { path: 'admin/integrations/forms', screen: PublicFormsPage, action: 'integration:admin', section: 'admin' },
  { path: 'admin', screen: AdminPage, action: 'user:admin', section: 'admin', menu: { label: 'nav.admin', icon: <SettingOutlined /> } },
  { path: 'account', screen: AccountPage, section: 'account', menu: { label: 'nav.account', icon: <SafetyOutlined />, place: 'account' } },
];

/** The menu section of a location: the feature whose path matches it, else the workspace. */
export function sectionOf(pathname: string, features: readonly ConsoleFeature[] = CONSOLE_FEATURES): string {
  return features.find((f) => matchPath({ path: `/${f.path}`, end: true }, pathname))?.section ?? 'workspace';
}

/** The menu entries a user with these actions is offered, in order. */
export function menuFeatures(actions: readonly string[], place: 'main' | 'account', features: readonly ConsoleFeature[] = CONSOLE_FEATURES): ConsoleFeature[] {
  return features.filter((f) => f.menu && (f.menu.place ?? 'main') === place && (!f.action || actions.includes(f.action)));
}
