import { SelectEntry, TextAreaEntry, TextFieldEntry, isSelectEntryEdited, isTextAreaEntryEdited, isTextFieldEntryEdited } from '@bpmn-io/properties-panel';
import { createElement as h } from '@bpmn-io/properties-panel/preact';
import { useService } from 'bpmn-js-properties-panel';
import type { MessageKey } from '../../i18n/i18n.ts';
import {
  assignmentKindOf,
  COUNTERSIGN_MODES,
  CONNECTOR_TYPES,
  HTTP_METHODS,
  MAP_DECISION_RESULT,
  type AssignmentKind,
  type CreateModdle,
  type DocketType,
  type ModdleObject,
  type ModdleWrite,
  planAssignmentClear,
  planDepartmentRoleWrite,
  planDocketWrite,
  readDepartmentRole,
  readDocketAttr,
  RELATIVE_TO,
  SEPARATION_OF_DUTIES,
  splitList,
} from './docket-extension.ts';

/**
 * The properties panel's groups for Docket's extension (docket:* in the BPMN), added after
 * bpmn-js-properties-panel's own (name, id, documentation, multi-instance, conditions, timers).
 * Entries are the panel's preact components; every label comes from the console's catalogue.
 */

/** People, roles and groups offered as suggestions (loaded by the page; empty without user:admin). */
export interface Directory {
  users: { id: string; username: string; displayName: string }[];
  roles: { key: string; name: string }[];
  groups: { key: string; name: string }[];
}

/** What the page hands the panel: its translate function and the directory. */
export interface DocketPanelContext {
  t(key: MessageKey, values?: Record<string, string | number>): string;
  directory: Directory;
}

interface DiagramElement {
  id: string;
  type: string;
  businessObject: ModdleObject;
}

interface Modeling {
  updateModdleProperties(element: DiagramElement, target: ModdleObject, props: Record<string, unknown>): void;
}
interface BpmnFactory {
  create(type: string, attrs?: Record<string, unknown>): ModdleObject;
}

type Group = { id: string; label: string; entries: EntryDef[]; shouldOpen?: boolean };
type EntryDef = { id: string; component: (props: { element: DiagramElement; id: string }) => unknown; isEdited?: (node: HTMLElement) => boolean };

/** The object the docket elements hang on: a participant's settings are its process's. */
function boOf(element: DiagramElement): ModdleObject {
  const bo = element.businessObject;
  if (bo.$type === 'bpmn:Participant' && bo.get('processRef')) return bo.get('processRef') as ModdleObject;
  return bo;
}

/** The kind the reader picked for an element, until the values written say the same. */
const chosenKind = new WeakMap<ModdleObject, AssignmentKind>();

function useDocket() {
  const modeling = useService<Modeling>('modeling');
  const factory = useService<BpmnFactory>('bpmnFactory');
  const context = useService<DocketPanelContext>('docketPanelContext');
  const create: CreateModdle = (type, attrs) => factory.create(type, attrs);
  const apply = (element: DiagramElement, write: ModdleWrite | null) => {
    if (write) modeling.updateModdleProperties(element, write.target, write.props);
  };
  return { context, create, apply, t: context.t };
}

/** A text field bound to one attribute of one docket element. */
function attrEntry(type: DocketType, attr: string, label: MessageKey, options: { description?: MessageKey; multiline?: boolean; placeholder?: string } = {}): EntryDef {
  const id = `docket-${type}-${attr}`;
  return {
    id,
    isEdited: options.multiline ? isTextAreaEntryEdited : isTextFieldEntryEdited,
    component: ({ element }) => {
      const { t, create, apply } = useDocket();
      const bo = boOf(element);
      return h(options.multiline ? TextAreaEntry : TextFieldEntry, {
        element,
        id,
        label: t(label),
        description: options.description ? t(options.description) : undefined,
        placeholder: options.placeholder,
        debounce: (fn: unknown) => fn,
        getValue: () => readDocketAttr(bo, type, attr),
        setValue: (value: string | undefined) => apply(element, planDocketWrite(bo, type, { [attr]: value ?? '' }, create)),
      });
    },
  };
}

/** A select bound to one attribute; the empty choice removes it. */
function attrSelect(type: DocketType, attr: string, label: MessageKey, choices: readonly string[], choiceLabel: (value: string) => MessageKey, empty: MessageKey): EntryDef {
  const id = `docket-${type}-${attr}`;
  return {
    id,
    isEdited: isSelectEntryEdited,
    component: ({ element }) => {
      const { t, create, apply } = useDocket();
      const bo = boOf(element);
      return h(SelectEntry, {
        element,
        id,
        label: t(label),
        getValue: () => readDocketAttr(bo, type, attr),
        setValue: (value: string) => apply(element, planDocketWrite(bo, type, { [attr]: value }, create)),
        getOptions: () => [{ value: '', label: t(empty) }, ...choices.map((value) => ({ value, label: t(choiceLabel(value)) }))],
      });
    },
  };
}

/**
 * A text field with suggestions (a datalist): users by id, groups and roles by key. A username
 * typed for a user field is written as that user's id, which is what the engine compares.
 */
function suggestEntry(attr: 'assignee' | 'candidateUsers' | 'candidateGroups', label: MessageKey, source: 'users' | 'roles' | 'groups' | 'rolesAndGroups', hint: MessageKey): EntryDef {
  const id = `docket-Assignment-${attr}`;
  return {
    id,
    isEdited: isTextFieldEntryEdited,
    component: ({ element }) => {
      const { t, create, apply, context } = useDocket();
      const bo = boOf(element);
      const { users, roles, groups } = context.directory;
      const value = readDocketAttr(bo, 'Assignment', attr);
      const options =
        source === 'users'
          ? users.map((u) => ({ value: u.id, label: `${u.displayName} (${u.username})` }))
          : [
              ...(source === 'groups' ? [] : roles.map((r) => ({ value: r.key, label: t('modeler.suggest.role', { name: r.name }) }))),
              ...(source === 'roles' ? [] : groups.map((g) => ({ value: g.key, label: t('modeler.suggest.group', { name: g.name }) }))),
            ];
      const toStored = (text: string) =>
        source === 'users' && !text.trim().startsWith('=')
          ? splitList(text)
              .map((token) => users.find((u) => u.username === token || u.id === token)?.id ?? token)
              .join(',')
          : text.trim();
      // Under the field: who the ids written are, so a reader need not know ids by heart.
      const known =
        source === 'users'
          ? splitList(value)
              .map((v) => users.find((u) => u.id === v))
              .filter((u) => !!u)
              .map((u) => `${u.displayName} (${u.username})`)
              .join('、')
          : '';
      const inputId = `bio-properties-panel-${id}`;
      return h(
        'div',
        { class: 'bio-properties-panel-entry', 'data-entry-id': id },
        h(
          'div',
          { class: 'bio-properties-panel-textfield' },
          h('label', { for: inputId, class: 'bio-properties-panel-label' }, t(label)),
          h('input', {
            id: inputId,
            type: 'text',
            name: id,
            list: `${inputId}-options`,
            spellCheck: false,
            autoComplete: 'off',
            class: 'bio-properties-panel-input',
            value,
            'aria-describedby': `${inputId}-hint`,
            onChange: (e: Event) => apply(element, planDocketWrite(bo, 'Assignment', { [attr]: toStored((e.target as HTMLInputElement).value) }, create)),
          }),
          h('datalist', { id: `${inputId}-options` }, ...options.map((o) => h('option', { value: o.value, key: o.value }, o.label))),
        ),
        h('div', { class: 'bio-properties-panel-description', id: `${inputId}-hint` }, known ? t('modeler.suggest.known', { names: known }) : t(hint)),
      );
    },
  };
}

const KINDS: readonly AssignmentKind[] = ['none', 'user', 'role', 'group', 'departmentRole', 'expression'];

function assignmentKindEntry(): EntryDef {
  const id = 'docket-assignment-kind';
  return {
    id,
    isEdited: isSelectEntryEdited,
    component: ({ element }) => {
      const { t, apply, context } = useDocket();
      const eventBus = useService<{ fire(event: string, payload: unknown): void }>('eventBus');
      const bo = boOf(element);
      return h(SelectEntry, {
        element,
        id,
        label: t('modeler.assignment.kind'),
        getValue: () => kindOf(bo, context),
        setValue: (kind: AssignmentKind) => {
          chosenKind.set(bo, kind);
          // One way at a time: what another kind wrote is dropped.
          const clear = planAssignmentClear(bo);
          if (clear) apply(element, clear);
          // Nothing written: the panel is told to redraw the group with the new kind's fields.
          else eventBus.fire('elements.changed', { elements: [element] });
        },
        getOptions: () => KINDS.map((value) => ({ value, label: t(`modeler.assignment.kind.${value}` as MessageKey) })),
      });
    },
  };
}

function kindOf(bo: ModdleObject, context: DocketPanelContext): AssignmentKind {
  const written = assignmentKindOf(
    bo,
    context.directory.roles.map((r) => r.key),
  );
  const chosen = chosenKind.get(bo);
  // role and group are written alike (candidate groups): the reader's choice tells them apart.
  if (chosen && (written === 'none' || written === chosen || (chosen === 'role' && written === 'group') || (chosen === 'group' && written === 'role'))) return chosen;
  return written;
}

function departmentRoleEntries(): EntryDef[] {
  const roleId = 'docket-departmentRole-role';
  const relId = 'docket-departmentRole-relativeTo';
  return [
    {
      id: roleId,
      isEdited: isTextFieldEntryEdited,
      component: ({ element }) => {
        const { t, create, apply } = useDocket();
        const bo = boOf(element);
        return h(TextFieldEntry, {
          element,
          id: roleId,
          label: t('modeler.assignment.departmentRole'),
          description: t('modeler.assignment.departmentRoleHint'),
          debounce: (fn: unknown) => fn,
          getValue: () => readDepartmentRole(bo)?.role ?? '',
          setValue: (value: string | undefined) => apply(element, planDepartmentRoleWrite(bo, { role: value ?? '', relativeTo: readDepartmentRole(bo)?.relativeTo || 'case-department' }, create)),
        });
      },
    },
    {
      id: relId,
      isEdited: isSelectEntryEdited,
      component: ({ element }) => {
        const { t, create, apply } = useDocket();
        const bo = boOf(element);
        return h(SelectEntry, {
          element,
          id: relId,
          label: t('modeler.assignment.relativeTo'),
          getValue: () => readDepartmentRole(bo)?.relativeTo || 'case-department',
          setValue: (value: string) => apply(element, planDepartmentRoleWrite(bo, { role: readDepartmentRole(bo)?.role ?? '', relativeTo: value }, create)),
          getOptions: () => RELATIVE_TO.map((value) => ({ value, label: t(`modeler.relativeTo.${value}` as MessageKey) })),
        });
      },
    },
  ];
}

function assignmentGroup(bo: ModdleObject, context: DocketPanelContext): Group {
  const kind = kindOf(bo, context);
  const entries: EntryDef[] = [assignmentKindEntry()];
  if (kind === 'user') {
    entries.push(suggestEntry('assignee', 'modeler.assignment.assignee', 'users', 'modeler.assignment.assigneeHint'));
    entries.push(suggestEntry('candidateUsers', 'modeler.assignment.candidateUsers', 'users', 'modeler.assignment.candidateUsersHint'));
  }
  if (kind === 'role') entries.push(suggestEntry('candidateGroups', 'modeler.assignment.roles', 'roles', 'modeler.assignment.rolesHint'));
  if (kind === 'group') entries.push(suggestEntry('candidateGroups', 'modeler.assignment.groups', 'groups', 'modeler.assignment.groupsHint'));
  if (kind === 'departmentRole') entries.push(...departmentRoleEntries());
  if (kind === 'expression') {
    entries.push(attrEntry('Assignment', 'assignee', 'modeler.assignment.expression', { description: 'modeler.assignment.expressionHint', placeholder: '=initiator' }));
    entries.push(attrEntry('Assignment', 'candidateGroups', 'modeler.assignment.groupsExpression', { description: 'modeler.assignment.expressionHint' }));
  }
  return { id: 'docket-assignment', label: context.t('modeler.group.assignment'), entries, shouldOpen: true };
}

function userTaskGroups(bo: ModdleObject, context: DocketPanelContext): Group[] {
  return [
    assignmentGroup(bo, context),
    {
      id: 'docket-form',
      label: context.t('modeler.group.form'),
      entries: [attrEntry('Form', 'key', 'modeler.form.key', { description: 'modeler.form.keyHint' })],
    },
    {
      id: 'docket-countersign',
      label: context.t('modeler.group.countersign'),
      entries: [
        attrSelect('Countersign', 'mode', 'modeler.countersign.mode', COUNTERSIGN_MODES, (v) => `modeler.countersign.mode.${v}` as MessageKey, 'modeler.countersign.none'),
        attrEntry('Countersign', 'threshold', 'modeler.countersign.threshold', { description: 'modeler.countersign.thresholdHint' }),
        attrEntry('Countersign', 'members', 'modeler.countersign.members', { description: 'modeler.countersign.membersHint' }),
      ],
    },
    {
      id: 'docket-schedule',
      label: context.t('modeler.group.schedule'),
      entries: [
        attrEntry('Schedule', 'dueDate', 'modeler.schedule.dueDate', { description: 'modeler.schedule.dueDateHint', placeholder: 'P3D' }),
        attrEntry('Schedule', 'priority', 'modeler.schedule.priority', { description: 'modeler.schedule.priorityHint' }),
        attrEntry('Sla', 'ref', 'modeler.sla.ref', { description: 'modeler.sla.refHint' }),
      ],
    },
    {
      id: 'docket-approval',
      label: context.t('modeler.group.separation'),
      entries: [attrSelect('Approval', 'separationOfDuties', 'modeler.separation.task', SEPARATION_OF_DUTIES, (v) => `modeler.separation.${v}` as MessageKey, 'modeler.separation.inherit')],
    },
  ];
}

function processGroups(context: DocketPanelContext): Group[] {
  return [
    {
      id: 'docket-process',
      label: context.t('modeler.group.process'),
      shouldOpen: true,
      entries: [
        attrEntry('ProcessSettings', 'candidateStarterGroups', 'modeler.process.starters', { description: 'modeler.process.startersHint' }),
        attrEntry('ProcessSettings', 'historyTimeToLive', 'modeler.process.historyTimeToLive', { description: 'modeler.process.historyTimeToLiveHint' }),
        attrSelect('ProcessSettings', 'separationOfDuties', 'modeler.separation.process', SEPARATION_OF_DUTIES, (v) => `modeler.separation.${v}` as MessageKey, 'modeler.separation.unset'),
      ],
    },
  ];
}

function connectorGroups(bo: ModdleObject, context: DocketPanelContext): Group[] {
  const type = readDocketAttr(bo, 'Connector', 'type');
  const entries: EntryDef[] = [attrSelect('Connector', 'type', 'modeler.connector.type', CONNECTOR_TYPES, (v) => `modeler.connector.type.${v}` as MessageKey, 'modeler.connector.none')];
  if (type === 'http') {
    entries.push(
      attrSelect('Connector', 'method', 'modeler.connector.method', HTTP_METHODS, (v) => `modeler.connector.method.${v}` as MessageKey, 'modeler.connector.methodDefault'),
      attrEntry('Connector', 'url', 'modeler.connector.url', { placeholder: 'https://' }),
      attrEntry('Connector', 'body', 'modeler.connector.body', { description: 'modeler.connector.bodyHint', multiline: true }),
      attrEntry('Connector', 'timeoutMs', 'modeler.connector.timeoutMs'),
      attrEntry('Connector', 'retries', 'modeler.connector.retries'),
      attrEntry('Connector', 'retryBackoff', 'modeler.connector.retryBackoff', { placeholder: 'PT10S' }),
      attrEntry('Connector', 'resultVariable', 'modeler.connector.resultVariable'),
    );
  }
  if (type === 'publish-event')
    entries.push(
      attrEntry('Connector', 'eventType', 'modeler.connector.eventType'),
      attrEntry('Connector', 'payload', 'modeler.connector.payload', { description: 'modeler.connector.bodyHint', multiline: true }),
    );
  if (type === 'external') entries.push(attrEntry('Connector', 'topic', 'modeler.connector.topic', { description: 'modeler.connector.topicHint' }));
  return [{ id: 'docket-connector', label: context.t('modeler.group.connector'), entries, shouldOpen: true }];
}

function decisionGroups(context: DocketPanelContext): Group[] {
  return [
    {
      id: 'docket-decision',
      label: context.t('modeler.group.decision'),
      shouldOpen: true,
      entries: [
        attrEntry('Decision', 'decisionRef', 'modeler.decision.ref', { description: 'modeler.decision.refHint' }),
        attrEntry('Decision', 'resultVariable', 'modeler.decision.resultVariable'),
        attrSelect('Decision', 'mapDecisionResult', 'modeler.decision.map', MAP_DECISION_RESULT, (v) => `modeler.decision.map.${v}` as MessageKey, 'modeler.decision.mapDefault'),
      ],
    },
  ];
}

/** The groups Docket adds for an element (exported for the unit test of which element gets what). */
export function docketGroupsFor(element: DiagramElement, context: DocketPanelContext): Group[] {
  const bo = boOf(element);
  switch (bo.$type) {
    case 'bpmn:UserTask':
      return userTaskGroups(bo, context);
    case 'bpmn:Process':
      return processGroups(context);
    case 'bpmn:ServiceTask':
    case 'bpmn:SendTask':
      return connectorGroups(bo, context);
    case 'bpmn:BusinessRuleTask':
      return decisionGroups(context);
    default:
      return [];
  }
}

/** The provider: Docket's groups after the general ones; the Camunda/Zeebe groups are not loaded at all. */
class DocketPropertiesProvider {
  static $inject = ['propertiesPanel', 'docketPanelContext'];
  constructor(
    propertiesPanel: { registerProvider(priority: number, provider: unknown): void },
    private readonly context: DocketPanelContext,
  ) {
    propertiesPanel.registerProvider(500, this);
  }
  getGroups(element: DiagramElement) {
    return (groups: Group[]) => {
      const extra = docketGroupsFor(element, this.context);
      const general = groups.findIndex((g) => g.id === 'general');
      groups.splice(general >= 0 ? general + 1 : groups.length, 0, ...extra);
      return groups;
    };
  }
}

/** The bpmn-js module: `additionalModules: [docketPropertiesModule(context)]`. */
export function docketPropertiesModule(context: DocketPanelContext) {
  return {
    __init__: ['docketPropertiesProvider'],
    docketPanelContext: ['value', context],
    docketPropertiesProvider: ['type', DocketPropertiesProvider],
  };
}
