// Request bodies and the rows equivalent to what the API writes for them.
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

// Check-digit-valid values (the same ones the API tests use).
export const VALID_RESIDENT_ID = '11010519491231002X';
export const VALID_BANK_CARD = '6222021234567894';

export const BENCH_QUEUES = ['complaints-bj', 'complaints-sh', 'complaints-gz', 'consult-bj', 'consult-sh', 'aml-alerts', 'credit-retail', 'credit-sme'];

const TITLES = ['客户投诉不明扣费', '信用卡年费争议', '理财产品销售误导投诉', '柜面服务态度投诉', '手机银行转账失败投诉', 'ATM 吞卡投诉'];
const CATEGORIES = ['fees', 'service', 'wealth', 'credit-card', 'other'];

/**
 * A valid complaint create body; i varies title, customer and queue like real traffic.
 * dueAt: true adds a due date, which the server refuses since issue 16 (the SLA policy computes
 * it); left out by default.
 */
export function complaintBody(i: number, options: { externalId?: string; departmentId?: string; dueAt?: boolean } = {}) {
  return {
    type: 'complaint',
    title: `${TITLES[i % TITLES.length]} ${i}`,
    priority: i % 10 === 0 ? 'high' : 'normal',
    channel: i % 3 === 0 ? 'branch' : 'phone',
    customer: { id: `C${String(100_000 + (i % 900_000)).padStart(8, '0')}`, tier: i % 5 === 0 ? 'gold' : 'standard' },
    queue: BENCH_QUEUES[i % 3],
    ...(options.departmentId ? { departmentId: options.departmentId } : {}),
    ...(options.dueAt === true ? { dueAt: new Date(Date.now() + 48 * 3600_000).toISOString() } : {}),
    ...(options.externalId ? { externalId: options.externalId, source: 'core-crm' } : {}),
    fields: {
      customerName: '张三',
      residentId: VALID_RESIDENT_ID,
      phone: '13812345678',
      bankCard: VALID_BANK_CARD,
      category: CATEGORIES[i % CATEGORIES.length],
      description: '账户被收取不明费用，客户要求退还并解释收费依据。',
    },
  };
}

/**
 * Bulk lines carry dueAt like single creates, unless the server refuses it: before commit
 * 7e73176 POST /cases/bulk checked lines with a TypeBox compiler that had no 'date-time' or
 * 'uuid' format, so any line with dueAt, assigneeId or departmentId was "invalid: Unknown
 * format". The bench probes first (probeBulkFormats) and then leaves dueAt out if it must;
 * the raw COPY rows match the bulk lines, so the ratio compares like with like.
 */
export type BulkLineOptions = { dueAt?: boolean };

// ---- COPY text format ----

const escapeCopy = (value: string) => value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return escapeCopy(`{${value.map((v) => `"${String(v).replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`);
  if (typeof value === 'object') throw new Error('pass JSON columns as json(value)');
  return escapeCopy(String(value));
}
const json = (value: unknown) => JSON.stringify(value);
const copyLine = (values: unknown[]) => `${values.map(copyField).join('\t')}\n`;

export const CASE_COPY_COLUMNS =
  'id, number, type_key, type_version, title, status, status_category, priority, channel, customer, customer_ref, fields, tags, external_source, external_id, assignee_id, queue, department_id, due_at, created_by, created_at, updated_at, version';
export const AUDIT_COPY_COLUMNS = 'occurred_at, actor_id, actor_name, action, target_type, target_id, case_id, changes, request_id, client_ip, channel, data';

/**
 * The case row and the audit.event row that POST /cases/bulk writes for complaintBody(i),
 * in COPY text format. Same columns, same JSON shapes, same id kind (UUIDv7).
 */
export function copyRowsFor(i: number, adminId: string, numberPrefix: string, lineOptions: BulkLineOptions): { caseLine: string; auditLine: string } {
  const { caseValues, auditValues } = rowValuesFor(i, adminId, numberPrefix, lineOptions);
  return { caseLine: copyLine(caseValues), auditLine: copyLine(auditValues) };
}

/**
 * The values of the case row (CASE_COPY_COLUMNS) and the audit.event row (AUDIT_COPY_COLUMNS)
 * for complaintBody(i), JSON columns as JSON text: shared by the raw COPY and the raw
 * single-row transactions, so both limits write what the API writes.
 */
export function rowValuesFor(i: number, adminId: string, numberPrefix: string, lineOptions: BulkLineOptions): { caseValues: unknown[]; auditValues: unknown[] } {
  const body = complaintBody(i, { externalId: `${numberPrefix}-${i}`, ...lineOptions });
  const id = uuidv7();
  const now = new Date();
  const number = `CMP-${numberPrefix}-${String(i).padStart(7, '0')}`;
  const caseValues = [
    id,
    number,
    'complaint',
    1,
    body.title,
    'new',
    'open',
    body.priority,
    body.channel,
    json(body.customer),
    body.customer.id,
    json(body.fields),
    [],
    body.source,
    body.externalId,
    null,
    body.queue,
    null,
    'dueAt' in body ? body.dueAt : null,
    adminId,
    now,
    now,
    1,
  ];
  const changes = Object.entries({ title: body.title, status: 'new', priority: body.priority, ...Object.fromEntries(Object.entries(body.fields).map(([k, v]) => [`fields.${k}`, v])) }).map(
    ([field, after]) => ({ field, before: null, after }),
  );
  const auditValues = [
    now,
    adminId,
    'admin',
    'case.created',
    'case',
    id,
    id,
    json(changes),
    randomUUID(),
    '127.0.0.1',
    'web',
    json({ number, type: 'complaint', typeVersion: 1, externalId: body.externalId }),
  ];
  return { caseValues, auditValues };
}
