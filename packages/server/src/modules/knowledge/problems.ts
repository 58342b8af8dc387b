import { defineProblem } from '../../platform/http/problem.ts';

/** Problem types of the knowledge module (documented in docs/problems.md). */
export const knowledgeProblems = {
  articleNotFound: defineProblem({ type: 'knowledge-article-not-found', status: 404, title: 'Knowledge article not found' }),
  articleVersionStale: defineProblem({ type: 'knowledge-article-version-stale', status: 412, title: 'The article changed since you read it' }),
  articleStateConflict: defineProblem({ type: 'knowledge-article-state-conflict', status: 409, title: 'The article is not in a state that allows this' }),
  reviewByAuthor: defineProblem({ type: 'knowledge-review-by-author', status: 403, title: 'An article is reviewed by someone other than its author' }),
  articleNotAttachable: defineProblem({ type: 'knowledge-article-not-attachable', status: 409, title: 'Only a published, current, customer-facing article can go into a reply' }),
  categoryNotFound: defineProblem({ type: 'knowledge-category-not-found', status: 404, title: 'Knowledge category not found' }),
  categoryExists: defineProblem({ type: 'knowledge-category-exists', status: 409, title: 'A knowledge category with this key exists' }),
  categoryNotEmpty: defineProblem({ type: 'knowledge-category-not-empty', status: 409, title: 'The category still holds articles or subcategories' }),
  categoryVersionStale: defineProblem({ type: 'knowledge-category-version-stale', status: 412, title: 'The category changed since you read it' }),
  synonymSetNotFound: defineProblem({ type: 'knowledge-synonym-set-not-found', status: 404, title: 'Synonym set not found' }),
  synonymSetVersionStale: defineProblem({ type: 'knowledge-synonym-set-version-stale', status: 412, title: 'The synonym set changed since you read it' }),
  assetNotFound: defineProblem({ type: 'knowledge-asset-not-found', status: 404, title: 'Knowledge asset not found' }),
  assetRefused: defineProblem({ type: 'knowledge-asset-refused', status: 415, title: 'This kind of file cannot be added to an article' }),
};
