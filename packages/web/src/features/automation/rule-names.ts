import { useCan } from '../../app/access.tsx';
import { useLocale } from '../../app/locale.tsx';
import { useCaseTypes } from '../cases/case-queries.ts';
import { useUsers } from '../admin/admin-queries.ts';
import { useObjectTypes } from './automation-api.ts';
import type { RuleNames } from './rule-model.ts';

/**
 * The names a rule's words need, as far as the reader may list them: object types (record:read),
 * case types, people (user:admin). A name the reader may not list reads as its key or "someone".
 */
export function useRuleNames(): RuleNames {
  const { locale } = useLocale();
  const canRecords = useCan('record:read');
  const canObjectTypes = useCan('object-type:admin');
  const objectTypes = useObjectTypes(canRecords || canObjectTypes);
  const caseTypes = useCaseTypes();
  const users = useUsers(undefined, useCan('user:admin'));
  return {
    locale,
    objectTypes: objectTypes.data,
    caseTypes: caseTypes.data?.map((c) => ({ key: c.key, name: c.name })),
    users: users.data?.map((u) => ({ id: u.id, displayName: u.displayName })),
  };
}
