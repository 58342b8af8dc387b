import type { CommandContext } from '../../../platform/commands/index.ts';
import { findCurrentCaseTypeForCreateOrThrow, listFieldDefinitions } from '../../cases/index.ts';
import type { PublicFormRow } from './form-store.ts';
import { issueFormToken } from './form-token.ts';
import type { ContactKind } from './schemas.ts';
import { MAX_LINKS } from './public-submissions.ts';

type Labels = { 'zh-CN': string; 'en-US': string };

/**
 * Case types label fields in both languages in one string ("问题 Question"): the Chinese part
 * up to the last CJK character, then the English. A label in one language serves both.
 */
export function splitLabel(label: string): Labels {
  const match = /^(.*[\u3000-\u9fff\uff00-\uffef])\s*([A-Za-z].*)$/.exec(label.trim());
  return match ? { 'zh-CN': match[1]!.trim(), 'en-US': match[2]!.trim() } : { 'zh-CN': label, 'en-US': label };
}

const CONTACT_LABELS: Record<ContactKind, Labels> = {
  name: { 'zh-CN': '姓名', 'en-US': 'Name' },
  phone: { 'zh-CN': '联系电话', 'en-US': 'Phone' },
  email: { 'zh-CN': '电子邮箱', 'en-US': 'E-mail' },
};

/** The form as the public fills it: only the fields it may ask for, labels in both languages, a fresh form token. */
export async function presentPublicForm(ctx: CommandContext, form: PublicFormRow) {
  const caseType = await findCurrentCaseTypeForCreateOrThrow(ctx, form.caseType);
  const definitions = new Map(listFieldDefinitions(caseType.schema).map((d) => [d.key, d]));
  const fields = form.fields.flatMap((f) => {
    const d = definitions.get(f.key);
    // A field the case type dropped or made sensitive since the form was saved is left out.
    if (!d || d.dataClass !== null) return [];
    const v = d.component.validate ?? {};
    return [
      {
        key: d.key,
        type: d.type,
        labels: splitLabel(d.label),
        required: Boolean(f.required || v.required),
        ...(v.maxLength !== undefined ? { maxLength: v.maxLength } : {}),
        ...(d.component.values ? { options: d.component.values.map((o) => ({ value: o.value, labels: splitLabel(o.label) })) } : {}),
      },
    ];
  });
  return {
    key: form.key,
    titles: form.titles,
    intro: form.intro,
    fields,
    contact: form.contact.map((c) => ({ ...c, labels: CONTACT_LABELS[c.kind] })),
    formToken: issueFormToken(ctx.keyRing, form.key, ctx.now),
    maxLinks: MAX_LINKS,
  };
}
