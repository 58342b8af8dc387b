import type { ProcessGraph } from '../graph.ts';
import type { ModdleElement } from './moddle-element.ts';

/** What the walk over one process collects besides the graph: the moddle elements, for the second pass. */
export interface ProcessWalk {
  graph: ProcessGraph;
  moddleById: Map<string, ModdleElement>;
  sequenceFlows: Array<{ flow: ModdleElement; parent: string | null }>;
  associations: ModdleElement[];
  linkNames: Map<string, string>;
}
