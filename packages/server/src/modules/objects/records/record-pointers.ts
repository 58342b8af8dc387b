import type { CommandContext } from '../../../platform/commands/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { findCaseForActionOrThrow } from '../../cases/index.ts';
import type { ObjectFieldDefinition } from '../model.ts';
import { isAllowedOnRecord } from './record-access.ts';
import { doesDepartmentExist, doesUserExist, findRecordRowById } from './store.ts';

/**
 * Errors of values that point elsewhere: a user or department must exist; a reference must be a
 * record of its type the writer may read; a case reference a case the writer may read. "Not
 * found" and "not readable" read the same, so a value cannot probe for records one may not see.
 */
export async function checkPointerValues(ctx: CommandContext, fields: ObjectFieldDefinition[], values: Record<string, unknown>): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const field of fields) {
    const value = values[field.key];
    if (typeof value !== 'string') continue;
    const at = `fields.${field.key}`;
    switch (field.type) {
      case 'user':
        if (!(await doesUserExist(ctx.tx, value))) errors.push({ field: at, reason: 'no such user' });
        break;
      case 'department':
        if (!(await doesDepartmentExist(ctx.tx, value))) errors.push({ field: at, reason: 'no such department' });
        break;
      case 'reference': {
        const target = await findRecordRowById(ctx.tx, value);
        if (!target || !isAllowedOnRecord(ctx.actor, 'record:read', target)) errors.push({ field: at, reason: 'no such record you may read' });
        else if (target.typeKey !== field.referenceTo) errors.push({ field: at, reason: `must be a ${field.referenceTo} record` });
        break;
      }
      case 'case-reference':
        try {
          await findCaseForActionOrThrow(ctx, value, 'case:read');
        } catch {
          errors.push({ field: at, reason: 'no such case you may read' });
        }
        break;
      default:
        break;
    }
  }
  return errors;
}
