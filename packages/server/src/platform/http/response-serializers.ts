import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type SerializerFactory = ReturnType<typeof SerializerSelector>;
type Serializer = ReturnType<ReturnType<SerializerFactory>>;
type SharedSchemas = Record<string, unknown>;

/**
 * Fastify's response serializer builder (fast-json-stringify, as Fastify's default), doing less
 * work at `app.ready()`: measured (issue 17), compiling the response serializers was most of a
 * start's CPU, because Fastify compiles one per route and status (about 700, most of them the same
 * Problem answer), and fast-json-stringify checks and indexes every shared schema (`addSchema`,
 * 63 of them) again for each one. Here each distinct response schema is compiled once per set of
 * shared schemas, and given only the shared schemas it refers to ($ref, followed): the same
 * serializer function, for a fraction of the work.
 */
export function sharedResponseSerializers(): SerializerFactory {
  const build = SerializerSelector();
  return (sharedSchemas, serializerOpts) => {
    const shared = (sharedSchemas ?? {}) as SharedSchemas;
    const compiled = new Map<string, Serializer>();
    return (route) => {
      const key = JSON.stringify(route.schema);
      let serializer = compiled.get(key);
      if (!serializer) {
        serializer = build(schemasReferredTo(route.schema, shared) ?? shared, serializerOpts)(route);
        compiled.set(key, serializer);
      }
      return serializer;
    };
  };
}

/**
 * The shared schemas `schema` refers to by `$ref` (`Problem`, `Case#/properties/status`), and those
 * they refer to; undefined when a reference names none of them (then the serializer gets them all,
 * as Fastify's default would, and fast-json-stringify reports what it cannot resolve).
 */
export function schemasReferredTo(schema: unknown, shared: SharedSchemas): SharedSchemas | undefined {
  const found: SharedSchemas = {};
  let unresolved = false;
  const visit = (node: unknown): void => {
    if (unresolved || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    for (const [name, value] of Object.entries(node)) {
      if (name === '$ref' && typeof value === 'string') {
        const id = value.split('#')[0]!;
        if (id === '' || id in found) continue;
        if (!(id in shared)) {
          unresolved = true;
          return;
        }
        found[id] = shared[id];
        visit(shared[id]);
      } else visit(value);
    }
  };
  visit(schema);
  return unresolved ? undefined : found;
}
