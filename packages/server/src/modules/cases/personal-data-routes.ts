import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app-deps.ts';
import { detectPersonalData } from './personal-data-detector.ts';

export const DetectPersonalDataBody = Type.Object(
  { text: Type.String({ maxLength: 20_000, description: 'Free text about to be written: a title, a comment, a file name' }) },
  { additionalProperties: false },
);

export const PersonalDataSpan = Type.Object(
  {
    start: Type.Integer({ minimum: 0, description: 'UTF-16 offset of the first character' }),
    end: Type.Integer({ minimum: 0, description: 'UTF-16 offset after the last character' }),
    dataClass: Type.String({ examples: ['resident-id', 'bank-card', 'phone', 'account', 'email', 'name', 'address'] }),
  },
  { $id: 'PersonalDataSpan' },
);

// For the console while the user types: where personal data is, never echoed back. Pure
// computation over the caller's own text: any signed-in caller may ask, nothing is stored or logged.
export const personalDataRoutes: FastifyPluginAsyncTypebox<{ deps: AppDeps }> = async (app) => {
  app.post(
    '/personal-data/detect',
    {
      schema: {
        tags: ['cases'],
        summary: 'Find personal data in free text before it is written',
        description:
          'Resident ids (GB 11643 check digit), bank cards (Luhn), mainland mobile numbers, account numbers after an account word, e-mail addresses, personal names (after a word that introduces a name, or with an honorific) and postal addresses (down to a street or door). Such text is stored sealed and shown masked to readers without unmask.',
        body: DetectPersonalDataBody,
        response: { 200: Type.Object({ items: Type.Array(Type.Ref('PersonalDataSpan')) }) },
      },
    },
    async (request) => ({ items: detectPersonalData(request.body.text) }),
  );
};

export const personalDataSchemas = [PersonalDataSpan];
