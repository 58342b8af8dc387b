import type { Diagnostics } from './diagnostics.ts';

/** What a reader of one element needs: where to report, and which element it reads. */
export interface ElementReadContext {
  diagnostics: Diagnostics;
  elementId: string;
}
