import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { StringEnum } from '../../platform/http/string-enum.ts';
import { createDepartment, createGroup, createUser, readDepartments, readGroups, readRoles, readUser, readUsers, saveRole, setGroupMembers, updateDepartment, updateUser } from './organisation.ts';
import { ACTIONS } from './permissions.ts';
import { FIELD_ACCESS, RECORD_SCOPES, SENSITIVITY_LEVELS, type Permission } from './policy.ts';
import type { UserView } from './org-store.ts';
import { commandMetaOf } from '../../platform/http/command-meta.ts';

const Uuid = Type.String({ format: 'uuid' });
const Key = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$' });
const DEPARTMENT_KINDS = ['head-office', 'branch', 'sub-branch', 'functional'] as const;

const DepartmentView = Type.Object(
  { id: Uuid, code: Type.String(), name: Type.String(), kind: StringEnum(DEPARTMENT_KINDS), parentId: Type.Union([Uuid, Type.Null()]), path: Type.String() },
  { $id: 'Department' },
);
const UserViewSchema = Type.Object(
  {
    id: Uuid,
    username: Type.String(),
    displayName: Type.String(),
    departmentId: Type.Union([Uuid, Type.Null()]),
    departmentIds: Type.Array(Uuid),
    roles: Type.Array(Type.String()),
    status: StringEnum(['active', 'disabled']),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'User' },
);
const PermissionSchema = Type.Object(
  {
    action: StringEnum(ACTIONS),
    scope: Type.Optional(StringEnum(RECORD_SCOPES, { description: 'own | department | subtree | all (default all)' })),
    caseTypes: Type.Optional(Type.Array(Key, { minItems: 1 })),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { minItems: 1 })),
    maxSensitivity: Type.Optional(StringEnum(SENSITIVITY_LEVELS, { description: 'the most sensitive case level reached; default every level' })),
    fields: Type.Optional(
      Type.Record(Type.String({ pattern: '^(\\*|class:[a-z-]+|[A-Za-z_][A-Za-z0-9_.]*)$' }), StringEnum(FIELD_ACCESS), {
        description: 'Per field key, `class:<dataClass>` or `*`: hidden | masked | readable | writable',
      }),
    ),
  },
  { additionalProperties: false },
);
const RoleView = Type.Object(
  { key: Type.String(), name: Type.String(), description: Type.Union([Type.String(), Type.Null()]), permissions: Type.Array(PermissionSchema), builtin: Type.Boolean() },
  { $id: 'Role' },
);
const GroupView = Type.Object(
  { key: Type.String(), name: Type.String(), kind: StringEnum(['group', 'queue']), departmentId: Type.Union([Uuid, Type.Null()]), memberIds: Type.Array(Uuid) },
  { $id: 'Group' },
);
const RoleBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }), description: Type.Optional(Type.String({ maxLength: 1000 })), permissions: Type.Array(PermissionSchema, { maxItems: 200 }) },
  { additionalProperties: false },
);

const toUser = (u: UserView) => ({ ...u, createdAt: u.createdAt.toISOString() });
const items = (ref: string) => Type.Object({ items: Type.Array(Type.Ref(ref)) });
const tags = ['administration'];

/** Departments, users, roles and groups: administration, every change audited, user:admin only. */
export const organisationRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get('/departments', { schema: { tags, summary: 'The department tree, flat, in path order', response: { 200: items('Department') } } }, async (request) => ({
    items: await deps.commands.inQuery(commandMetaOf(request), readDepartments),
  }));
  app.post(
    '/departments',
    {
      schema: {
        tags,
        summary: 'Create a department',
        body: Type.Object(
          { code: Type.String({ pattern: '^[A-Z0-9-]{2,20}$' }), name: Type.String({ minLength: 1, maxLength: 100 }), kind: StringEnum(DEPARTMENT_KINDS), parentId: Type.Optional(Uuid) },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Department') },
      },
    },
    async (request, reply) => reply.code(201).send(await deps.commands.runCommand(commandMetaOf(request), (ctx) => createDepartment(ctx, request.body))),
  );
  app.patch(
    '/departments/:id',
    {
      schema: {
        tags,
        summary: 'Rename a department',
        params: Type.Object({ id: Uuid }),
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: { 200: Type.Ref('Department') },
      },
    },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => updateDepartment(ctx, request.params.id, request.body)),
  );

  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'Users',
        querystring: Type.Object({
          departmentId: Type.Optional(Uuid),
          q: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
        }),
        response: { 200: items('User') },
      },
    },
    async (request) => ({
      items: (await deps.commands.inQuery(commandMetaOf(request), (ctx) => readUsers(ctx, { departmentId: request.query.departmentId, text: request.query.q }, request.query.limit ?? 200))).map(
        toUser,
      ),
    }),
  );
  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a user',
        body: Type.Object(
          {
            username: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{1,62}$' }),
            password: Type.String({ minLength: 1, maxLength: 256 }),
            displayName: Type.String({ minLength: 1, maxLength: 100 }),
            departmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
            roleIds: Type.Optional(Type.Array(Key, { maxItems: 20, description: 'Role keys' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('User') },
      },
    },
    async (request, reply) => reply.code(201).send(toUser(await deps.commands.runCommand(commandMetaOf(request), (ctx) => createUser(ctx, request.body)))),
  );
  app.get('/users/:id', { schema: { tags, summary: 'One user', params: Type.Object({ id: Uuid }), response: { 200: Type.Ref('User') } } }, async (request) =>
    toUser(await deps.commands.inQuery(commandMetaOf(request), (ctx) => readUser(ctx, request.params.id))),
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user: name, departments, roles, status (disabling ends their sessions)',
        params: Type.Object({ id: Uuid }),
        body: Type.Object(
          {
            displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            departmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 20 })),
            roleIds: Type.Optional(Type.Array(Key, { maxItems: 20 })),
            status: Type.Optional(StringEnum(['active', 'disabled'])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: Type.Ref('User') },
      },
    },
    async (request) => toUser(await deps.commands.runCommand(commandMetaOf(request), (ctx) => updateUser(ctx, request.params.id, request.body))),
  );

  app.get('/roles', { schema: { tags, summary: 'Roles and their permissions', response: { 200: items('Role') } } }, async (request) => ({
    items: await deps.commands.inQuery(commandMetaOf(request), readRoles),
  }));
  app.post(
    '/roles',
    { schema: { tags, summary: 'Create a role', body: Type.Object({ key: Key, ...RoleBody.properties }, { additionalProperties: false }), response: { 201: Type.Ref('Role') } } },
    async (request, reply) =>
      reply.code(201).send(await deps.commands.runCommand(commandMetaOf(request), (ctx) => saveRole(ctx, { ...request.body, permissions: request.body.permissions as Permission[] }, 'create'))),
  );
  app.put(
    '/roles/:key',
    { schema: { tags, summary: "Replace a role's name and permissions", params: Type.Object({ key: Key }), body: RoleBody, response: { 200: Type.Ref('Role') } } },
    async (request) =>
      deps.commands.runCommand(commandMetaOf(request), (ctx) => saveRole(ctx, { key: request.params.key, ...request.body, permissions: request.body.permissions as Permission[] }, 'update')),
  );

  app.get('/groups', { schema: { tags, summary: 'Groups and queues', response: { 200: items('Group') } } }, async (request) => ({
    items: await deps.commands.inQuery(commandMetaOf(request), readGroups),
  }));
  app.post(
    '/groups',
    {
      schema: {
        tags,
        summary: "Create a group (kind 'queue' is refused: queues are created with POST /api/v1/queues)",
        body: Type.Object(
          {
            key: Key,
            name: Type.String({ minLength: 1, maxLength: 100 }),
            kind: StringEnum(['group', 'queue']),
            departmentId: Type.Optional(Uuid),
            memberIds: Type.Optional(Type.Array(Uuid, { maxItems: 1000 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Ref('Group') },
      },
    },
    async (request, reply) => reply.code(201).send(await deps.commands.runCommand(commandMetaOf(request), (ctx) => createGroup(ctx, request.body))),
  );
  app.put(
    '/groups/:key/members',
    {
      schema: {
        tags,
        summary: 'Replace the members of a group',
        params: Type.Object({ key: Key }),
        body: Type.Object({ userIds: Type.Array(Uuid, { maxItems: 1000 }) }, { additionalProperties: false }),
        response: { 200: Type.Ref('Group') },
      },
    },
    async (request) => deps.commands.runCommand(commandMetaOf(request), (ctx) => setGroupMembers(ctx, request.params.key, request.body.userIds)),
  );
};

export const organisationSchemas = [DepartmentView, UserViewSchema, RoleView, GroupView];
