/**
 * The public web form's API (issue 18, part E): forms administered with integration:admin, and
 * the no-sign-in API a customer uses to submit one, follow the case and answer on it.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';

const Key = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$', description: 'Lower-case letters, digits and dashes; fixed once created' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const Bilingual = (maxLength: number) => Type.Object({ 'zh-CN': Type.String({ minLength: 1, maxLength }), 'en-US': Type.String({ minLength: 1, maxLength }) }, { additionalProperties: false });

export const CONTACT_KINDS = ['name', 'phone', 'email'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const PUBLIC_LANGUAGES = ['zh-CN', 'en-US'] as const;
export type PublicLanguage = (typeof PUBLIC_LANGUAGES)[number];

const ContactField = Type.Object(
  { kind: StringEnum(CONTACT_KINDS, { description: "Goes to the case's customer.name / customer.phone / customer.email" }), required: Type.Boolean() },
  { additionalProperties: false },
);
const FormFieldRef = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 100, description: 'A field of the case type; never one of a sensitive data class' }),
    required: Type.Optional(Type.Boolean({ description: 'Required on this form even if the case type does not require it' })),
  },
  { additionalProperties: false },
);

const PublicFormFields = {
  caseType: Type.String({ minLength: 1, maxLength: 100, description: 'Submissions open cases of this type' }),
  titles: Bilingual(200),
  intro: Type.Optional(Nullable(Bilingual(2000))),
  fields: Type.Array(FormFieldRef, { maxItems: 50 }),
  contact: Type.Array(ContactField, { maxItems: 3 }),
  active: Type.Optional(Type.Boolean()),
};
export const CreatePublicFormBody = Type.Object({ key: Key, ...PublicFormFields }, { additionalProperties: false });
export const UpdatePublicFormBody = Type.Object(PublicFormFields, { additionalProperties: false, description: 'The whole form as it should be (If-Match: its version)' });
export const PublicFormKeyParams = Type.Object({ key: Key });

export const PublicFormSchema = Type.Object(
  {
    key: Type.String(),
    caseType: Type.String(),
    titles: Bilingual(200),
    intro: Nullable(Bilingual(2000)),
    fields: Type.Array(FormFieldRef),
    contact: Type.Array(ContactField),
    active: Type.Boolean(),
    version: Type.Integer(),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'PublicForm' },
);
export const PublicFormListSchema = Type.Object({ items: Type.Array(Type.Ref('PublicForm')) }, { $id: 'PublicFormList' });

// ---- the public side ------------------------------------------------------------------------

const Labels = Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() });
export const PublicFormFieldView = Type.Object({
  key: Type.String({ description: "The key to send in the submission's fields (or contact.<kind> for contact fields)" }),
  type: Type.String({ description: 'form-js component type: textfield, textarea, number, select, radio, checkbox, datetime …' }),
  labels: Labels,
  required: Type.Boolean(),
  maxLength: Type.Optional(Type.Integer()),
  options: Type.Optional(Type.Array(Type.Object({ value: Type.Unknown(), labels: Labels }))),
});
export const PublicFormViewSchema = Type.Object(
  {
    key: Type.String(),
    titles: Labels,
    intro: Nullable(Labels),
    fields: Type.Array(PublicFormFieldView),
    contact: Type.Array(Type.Object({ kind: StringEnum(CONTACT_KINDS), required: Type.Boolean(), labels: Labels })),
    formToken: Type.String({ description: 'Send it back with the submission; valid from 3 seconds to 24 hours after it was issued' }),
    maxLinks: Type.Integer(),
  },
  { $id: 'PublicFormView' },
);

export const SubmissionBody = Type.Object(
  {
    formToken: Type.String({ minLength: 1, maxLength: 200 }),
    website: Type.Optional(Type.String({ maxLength: 500, description: 'Leave empty (a field people do not see)' })),
    consent: Type.Boolean({ description: 'The customer agrees that the bank processes what they sent; must be true' }),
    language: Type.Optional(StringEnum(PUBLIC_LANGUAGES)),
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    fields: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50 }),
    contact: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 200 })),
          phone: Type.Optional(Type.String({ maxLength: 20 })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export const SubmissionResultSchema = Type.Object(
  {
    number: Type.String(),
    trackingUrl: Type.String({ description: 'The tracking page, relative to the console' }),
    trackingToken: Type.String({ description: 'Shown once: only its hash is kept' }),
    duplicate: Type.Boolean({ description: 'The same content came from the same address within 10 minutes: its case is answered' }),
  },
  { $id: 'PublicSubmissionResult' },
);

export const TrackingParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) });
export const PUBLIC_STATUSES = ['received', 'in-progress', 'answered', 'completed'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];
export const TrackingViewSchema = Type.Object(
  {
    number: Type.String(),
    status: StringEnum(PUBLIC_STATUSES),
    statusLabels: Labels,
    createdAt: DateTime,
    updatedAt: DateTime,
    messages: Type.Array(
      Type.Object({
        id: Type.String(),
        from: StringEnum(['customer', 'service-desk'] as const, { description: 'The bank is always "service desk" (客服), never a name' }),
        body: Type.String(),
        at: DateTime,
      }),
    ),
    canReply: Type.Boolean(),
  },
  { $id: 'PublicTracking' },
);
export const TrackingReplyBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 5000 }) }, { additionalProperties: false });
export const TrackingReplyResultSchema = Type.Object({ id: Type.String(), reopened: Type.Boolean() }, { $id: 'PublicTrackingReply' });

export const publicFormSchemas = [PublicFormSchema, PublicFormListSchema, PublicFormViewSchema, SubmissionResultSchema, TrackingViewSchema, TrackingReplyResultSchema];
