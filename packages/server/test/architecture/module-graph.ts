import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

export const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The server's import graph as dependency-cruiser sees it, validated against .dependency-cruiser.cjs. */
export async function cruiseServer(): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(path.join(serverRoot, '.dependency-cruiser.cjs'));
  const cwd = process.cwd();
  // The rules' paths are relative to the package, as when `npx depcruise src` runs there.
  process.chdir(serverRoot);
  try {
    const { output } = await cruise(['src'], { ...options, validate: true, outputType: 'json' });
    return typeof output === 'string' ? (JSON.parse(output) as ICruiseResult) : output;
  } finally {
    process.chdir(cwd);
  }
}

/** An import from one file to another, both under src/. */
export interface FileEdge {
  from: string;
  to: string;
}

export const moduleOf = (file: string): string | undefined => /^src\/modules\/([^/]+)\//.exec(file)?.[1];

export function fileEdges(result: ICruiseResult): FileEdge[] {
  return result.modules.flatMap((m) => m.dependencies.filter((d) => d.resolved.startsWith('src/')).map((d) => ({ from: m.source, to: d.resolved })));
}

/**
 * Cycles between modules (a module is a folder under src/modules): each strongly connected group
 * of two or more modules, with one file-level import for each edge inside it, so the message
 * says which import to move. Tarjan's algorithm; pure.
 */
export function findModuleCycles(edges: FileEdge[]): { modules: string[]; imports: string[] }[] {
  const graph = new Map<string, Map<string, FileEdge>>();
  for (const edge of edges) {
    const from = moduleOf(edge.from);
    const to = moduleOf(edge.to);
    if (!from || !to || from === to) continue;
    if (!graph.has(from)) graph.set(from, new Map());
    if (!graph.has(to)) graph.set(to, new Map());
    if (!graph.get(from)!.has(to)) graph.get(from)!.set(to, edge);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)!.keys()) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return groups.map((modules) => ({
    modules,
    imports: modules.flatMap((from) => [...graph.get(from)!.entries()].filter(([to]) => modules.includes(to)).map(([, edge]) => `${edge.from} → ${edge.to}`)),
  }));
}
