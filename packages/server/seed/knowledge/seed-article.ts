import type { Static } from '@sinclair/typebox';
import type { ImportArticlesBody } from '../../src/modules/knowledge/schemas.ts';

/** The demo's department codes (seed/demo.ts), resolved to ids when the seed runs. */
export type DemoDepartmentCode = 'HQ' | 'BJ' | 'BJ-HD' | 'SH' | 'CP' | 'RISK';
/** Demo people who own or write articles. */
export type DemoAuthor = 'cp.officer' | 'risk.analyst' | 'supervisor.bj' | 'agent.bj' | 'agent.sh' | 'agent.hd' | 'risk.head';

type ImportedArticle = Static<typeof ImportArticlesBody>['articles'][number];

/**
 * One demo article as the import takes it, with the people and departments named by the demo's
 * usernames and department codes instead of ids (those exist only once the seed has run).
 */
export type SeedArticle = Omit<ImportedArticle, 'ownerId' | 'departmentId' | 'reach' | 'relatedArticleIds'> & {
  /** Stable name inside the seed, for related articles and the seed's test. */
  key: string;
  owner: DemoAuthor;
  reach?: { subtrees?: DemoDepartmentCode[]; departments?: DemoDepartmentCode[] };
  /** Keys of other seed articles. */
  related?: string[];
};
