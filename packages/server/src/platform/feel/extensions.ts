/**
 * FEEL built-ins feelin 8 does not provide, supplied as context entries so `feelin` itself stays
 * unpatched. Each is listed in docs/designers/decisions.md with the part of the DMN 1.3 spec
 * (§10.3.4) it implements. A variable of the same name in the caller's context wins.
 */
const EXTENSIONS: Record<string, unknown> = {};

export function withFeelExtensions(context: Record<string, unknown>): Record<string, unknown> {
  if (Object.keys(EXTENSIONS).length === 0) return context;
  return { ...EXTENSIONS, ...context };
}
