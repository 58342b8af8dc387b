import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../../app-deps.ts';
import { assertAllowed } from '../../access/index.ts';
import { commandMetaOf } from '../../../platform/http/command-meta.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { listSettingsOfCaseTypes, readSettingsOfCaseType, updateSettingsOfCaseType, type AssistSettingsView } from './settings.ts';
import { AssistSettingsParams, UpdateAssistSettingsBody } from './settings-schemas.ts';

const tags = ['Assist: settings'];

const IfMatchHeaders = Type.Object({ 'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag; "0" for the defaults); required' })) });

function parseIfMatch(header: string | undefined): number {
  if (header === undefined) throw httpProblems.preconditionRequired({ detail: 'Send If-Match: "<version>" with the version you read ("0" for the defaults)' });
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  if (!match) throw httpProblems.validationFailed({ errors: [{ field: 'headers.if-match', reason: 'must be the settings version, e.g. "3"' }] });
  return Number(match[1]);
}

function toView(settings: AssistSettingsView) {
  return { ...settings, updatedAt: settings.updatedAt?.toISOString() ?? null };
}

/** Assistance per case type and field (issue 22, part D); governance/routes.ts registers them. */
export const settingsRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/assist/settings',
    { schema: { tags, summary: 'Assistance settings of every case type, the defaults where none were saved (assist:use or assist:admin)', response: { 200: Type.Ref('AssistSettingsList') } } },
    async (request) => deps.commands.inQuery(commandMetaOf(request), async (ctx) => ({ items: (await listSettingsOfCaseTypes(ctx)).map(toView) })),
  );

  app.get(
    '/assist/settings/:caseType',
    { schema: { tags, summary: "One case type's assistance settings (assist:use or assist:admin)", params: AssistSettingsParams, response: { 200: Type.Ref('AssistSettings') } } },
    async (request, reply) => {
      const settings = await deps.commands.inQuery(commandMetaOf(request), (ctx) => readSettingsOfCaseType(ctx, request.params.caseType));
      return reply.header('etag', `"${settings.version}"`).send(toView(settings));
    },
  );

  app.put(
    '/assist/settings/:caseType',
    {
      schema: {
        tags,
        summary: "Change a case type's assistance: on or off, per field, thresholds (assist:admin; If-Match: its version)",
        params: AssistSettingsParams,
        headers: IfMatchHeaders,
        body: UpdateAssistSettingsBody,
        response: { 200: Type.Ref('AssistSettings') },
      },
    },
    async (request, reply) => {
      const saved = await deps.commands.runCommand(commandMetaOf(request), (ctx) => {
        // Refused first: a person who may not change settings learns nothing from the version check.
        assertAllowed(ctx.actor, 'assist:admin');
        return updateSettingsOfCaseType(ctx, request.params.caseType, parseIfMatch(request.headers['if-match']), request.body);
      });
      return reply.header('etag', `"${saved.version}"`).send(toView(saved));
    },
  );
};
