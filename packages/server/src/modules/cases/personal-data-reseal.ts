import type { KeyRing } from '../../platform/crypto/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { collectEnvelopes, customerIndexTerms, openCustomer, sealCustomer, sealTitle } from './case-crypto.ts';
import type { CustomerRef } from './customer-fields.ts';
import { normaliseLegacyCustomer } from './customer-fields.ts';
import { attachmentNameContext, commentContext, sealFreeText } from './free-text-personal-data.ts';
import {
  claimBacklog,
  deleteBacklog,
  findAttachmentsToReseal,
  findCasesToReseal,
  findCommentsToReseal,
  updateResealedAttachment,
  updateResealedCase,
  updateResealedComment,
  type BacklogKind,
} from './personal-data-store.ts';

/**
 * Seals what rows written before this release hold in clear: customer objects reshaped into
 * the customer schema (aliases such as mobile → phone renamed, unknown keys gathered under a
 * sealed `legacy`) with their sensitive fields sealed and blind-indexed, and personal data in
 * titles, comments and file names masked with the original sealed. Runs at start, before the
 * server listens, in batches of one transaction each; values do not change for readers, so
 * case versions stay as they are. Returns how many rows were looked at.
 */
export async function resealPersonalDataBacklog(db: Db, ring: KeyRing, batchSize = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await db.transaction().execute(async (tx) => {
      const batch = await claimBacklog(tx, batchSize);
      const ids = (kind: BacklogKind) => batch.filter((b) => b.kind === kind).map((b) => b.id);

      const cases = await findCasesToReseal(tx, ids('case'));
      await ring.ensureKeys(collectEnvelopes(cases.map((c) => c.customer)));
      for (const row of cases) {
        const opened = row.customer && typeof row.customer === 'object' ? openCustomer(ring, row.id, row.customer as CustomerRef) : null;
        const customer = opened ? normaliseLegacyCustomer(opened as Record<string, unknown>) : null;
        const title = row.title_sealed ? { title: row.title, titleSealed: row.title_sealed } : sealTitle(ring, row.id, row.title);
        await updateResealedCase(tx, row.id, {
          ...title,
          customer: sealCustomer(ring, row.id, customer),
          customerRef: typeof customer?.id === 'string' ? customer.id : null,
          indexTerms: customerIndexTerms(ring, customer),
        });
      }

      for (const row of await findCommentsToReseal(tx, ids('comment'))) {
        if (row.body_sealed) continue;
        const { stored, sealed } = sealFreeText(ring, row.body, commentContext(row.id));
        if (sealed) await updateResealedComment(tx, row.id, stored, sealed);
      }
      for (const row of await findAttachmentsToReseal(tx, ids('attachment'))) {
        if (row.file_name_sealed) continue;
        const { stored, sealed } = sealFreeText(ring, row.file_name, attachmentNameContext(row.id));
        if (sealed) await updateResealedAttachment(tx, row.id, stored, sealed);
      }

      for (const kind of ['case', 'comment', 'attachment'] as const) await deleteBacklog(tx, kind, ids(kind));
      return batch.length;
    });
    total += done;
    if (done < batchSize) return total;
  }
}
