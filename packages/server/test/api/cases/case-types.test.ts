import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;
let admin: string;
let agent: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await t.createUser('agent.types', ['agent']);
  agent = await t.login('agent.types');
});
afterAll(() => t.close());

function cardLoss(overrides: Record<string, unknown> = {}) {
  return {
    key: 'card-loss',
    name: '挂失 Card loss',
    prefix: 'CLS',
    description: 'A customer reports a lost card.',
    schema: {
      type: 'default',
      components: [
        { type: 'textfield', key: 'cardNumber', label: 'Card', validate: { required: true }, properties: { dataClass: 'bank-card' } },
        { type: 'textarea', key: 'circumstances', label: 'What happened' },
      ],
    },
    ...overrides,
  };
}

const api = {
  create: (payload: object, token = admin) => t.app.inject({ method: 'POST', url: '/api/v1/case-types', headers: bearer(token), payload }),
  save: (key: string, payload: object, token = admin) => t.app.inject({ method: 'PUT', url: `/api/v1/case-types/${key}`, headers: bearer(token), payload }),
  get: (url: string, token = agent) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: bearer(token) }),
};

const snapshot = async () => ({
  types: await t.sql('SELECT key, current_version, prefix FROM cases.case_type ORDER BY key'),
  versions: await t.sql('SELECT key, version, name FROM cases.case_type_version ORDER BY key, version'),
  events: (await t.sql("SELECT id FROM audit.event WHERE action <> 'access.denied'")).length,
});

describe('POST /api/v1/case-types', () => {
  it('creates version 1 with a location and an audit event', async () => {
    // when
    const res = await api.create(cardLoss());
    // then
    expect(res.statusCode).toBe(201);
    expect(res.headers.location).toBe('/api/v1/case-types/card-loss');
    expect(res.json()).toMatchObject({
      key: 'card-loss',
      name: '挂失 Card loss',
      prefix: 'CLS',
      description: 'A customer reports a lost card.',
      version: 1,
      currentVersion: 1,
      schema: cardLoss().schema,
    });
    const events = await t.sql("SELECT action, target_id, data FROM audit.event WHERE target_type = 'case-type' AND target_id = 'card-loss'");
    expect(events).toEqual([{ action: 'case-type.created', target_id: 'card-loss', data: { version: 1, name: '挂失 Card loss', prefix: 'CLS' } }]);
  });

  it('refuses a schema with a duplicate key and an unknown data class, naming each component, and stores nothing', async () => {
    // given
    const before = await snapshot();
    const schema = {
      components: [
        { type: 'textfield', key: 'phone', properties: { dataClass: 'telephone' } },
        { type: 'group', components: [{ type: 'textfield', key: 'phone' }] },
      ],
    };
    // when
    const res = await api.create(cardLoss({ key: 'broken-type', prefix: 'BRK', schema }));
    // then
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([
      { field: 'schema.components[0].properties.dataClass', reason: expect.stringContaining('must be one of resident-id') },
      { field: 'schema.components[1].components[0].key', reason: 'key phone is used twice' },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an unknown component type, a bad pattern and a missing schema', async () => {
    // given
    const before = await snapshot();
    // when
    const bad = await api.create(
      cardLoss({
        key: 'odd-type',
        prefix: 'ODD',
        schema: {
          components: [
            { type: 'slider', key: 'x' },
            { type: 'textfield', key: 'y', validate: { pattern: '([' } },
          ],
        },
      }),
    );
    const missing = await api.create({ key: 'no-schema', name: 'No schema', prefix: 'NOS' });
    // then
    expect(expectProblem(bad, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['schema.components[0].type', 'schema.components[1].validate.pattern']);
    expect(expectProblem(missing, 400, 'validation-failed').errors).toEqual([{ field: 'schema', reason: 'is required', code: 'required' }]);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a malformed key and prefix, naming them, and stores nothing', async () => {
    const before = await snapshot();
    const res = await api.create(cardLoss({ key: 'Card Loss', prefix: 'cl' }));
    expect(
      expectProblem(res, 400, 'validation-failed')
        .errors!.map((e) => e.field)
        .sort(),
    ).toEqual(['key', 'prefix']);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a key or a prefix already taken with 409, and stores nothing', async () => {
    // given
    await api.create(cardLoss({ key: 'dispute', prefix: 'DSP' }));
    const before = await snapshot();
    // when
    const sameKey = await api.create(cardLoss({ key: 'dispute', prefix: 'DSQ' }));
    const samePrefix = await api.create(cardLoss({ key: 'dispute-two', prefix: 'DSP' }));
    // then
    expect(expectProblem(sameKey, 409, 'case-type-exists').key).toBe('dispute');
    const prefixProblem = expectProblem(samePrefix, 409, 'case-type-exists');
    expect(prefixProblem).toMatchObject({ prefix: 'DSP', detail: 'Prefix DSP is used by dispute' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an agent with 403 and stores nothing', async () => {
    // given
    const before = await snapshot();
    // when
    const res = await api.create(cardLoss({ key: 'agent-made', prefix: 'AGM' }), agent);
    // then
    expect(expectProblem(res, 403, 'forbidden').action).toBe('case-type:admin');
    expect(await snapshot()).toEqual(before);
  });
});

describe('GET /api/v1/case-types', () => {
  it('reads one case type and lists all at their current version, by key', async () => {
    // given
    await api.create(cardLoss({ key: 'list-b', prefix: 'LSB' }));
    await api.create(cardLoss({ key: 'list-a', prefix: 'LSA' }));
    await api.save('list-b', { name: 'List B v2', schema: cardLoss().schema });
    // when
    const one = await api.get('/case-types/list-b');
    const all = await api.get('/case-types');
    // then
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ key: 'list-b', name: 'List B v2', version: 2, currentVersion: 2 });
    const keys = all.json().items.map((i: { key: string }) => i.key);
    expect(keys).toEqual([...keys].sort());
    expect(all.json().items.filter((i: { key: string }) => i.key.startsWith('list-'))).toEqual([
      expect.objectContaining({ key: 'list-a', version: 1 }),
      expect.objectContaining({ key: 'list-b', version: 2, name: 'List B v2' }),
    ]);
  });

  it('answers 404 for an unknown case type and an unknown version', async () => {
    await api.create(cardLoss({ key: 'known-type', prefix: 'KNW' }));
    expect(expectProblem(await api.get('/case-types/no-such-type'), 404, 'case-type-not-found').key).toBe('no-such-type');
    expectProblem(await api.get('/case-types/no-such-type/versions'), 404, 'case-type-not-found');
    expect(expectProblem(await api.get('/case-types/known-type/versions/7'), 404, 'case-type-not-found').detail).toBe('No case type known-type version 7');
    expectProblem(await api.get('/case-types/known-type/versions/0'), 400, 'validation-failed');
  });

  it('refuses an unauthenticated read', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/case-types' }), 401, 'unauthenticated');
  });
});

describe('PUT /api/v1/case-types/{key}', () => {
  it('saves a new version and keeps every earlier one readable', async () => {
    // given
    await api.create(cardLoss({ key: 'versioned', prefix: 'VER' }));
    const v2Schema = { components: [...cardLoss().schema.components, { type: 'checkbox', key: 'blocked', label: 'Card blocked' }] };
    // when
    const res = await api.save('versioned', { name: 'Versioned v2', description: 'second', schema: v2Schema });
    // then
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ key: 'versioned', prefix: 'VER', name: 'Versioned v2', description: 'second', version: 2, currentVersion: 2, schema: v2Schema });
    const versions = (await api.get('/case-types/versioned/versions')).json().items;
    expect(versions.map((v: { version: number; currentVersion: number }) => [v.version, v.currentVersion])).toEqual([
      [2, 2],
      [1, 2],
    ]);
    const v1 = (await api.get('/case-types/versioned/versions/1')).json();
    expect(v1).toMatchObject({ version: 1, currentVersion: 2, name: '挂失 Card loss', schema: cardLoss().schema });
    const [event] = await t.sql("SELECT changes, data FROM audit.event WHERE action = 'case-type.version-saved' AND target_id = 'versioned'");
    expect(event).toEqual({ changes: [{ field: 'name', before: '挂失 Card loss', after: 'Versioned v2' }], data: { version: 2, previousVersion: 1 } });
  });

  it('lets a case keep the type version it was created with', async () => {
    // given: a case created on version 1
    await api.create(cardLoss({ key: 'kept', prefix: 'KPT' }));
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(agent), payload: { type: 'kept', title: 'Lost card', fields: { cardNumber: '6222021234567894' } } });
    expect(created.json(), created.body).toMatchObject({ typeVersion: 1 });
    // when: version 2 requires a new field
    await api.save('kept', { name: 'Kept v2', schema: { components: [...cardLoss().schema.components, { type: 'textfield', key: 'branch', validate: { required: true } }] } });
    // then
    const read = await api.get(`/cases/${created.json().id}`);
    expect(read.json()).toMatchObject({ typeVersion: 1, fields: { cardNumber: '6222 **** **** 7894' } }); // bank-card: masked for the agent
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${created.json().id}`,
      headers: { ...bearer(agent), 'if-match': '"1"' },
      payload: { fields: { circumstances: 'left on the bus' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().typeVersion).toBe(1);
    const newCase = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(agent), payload: { type: 'kept', title: 'Lost again', fields: { cardNumber: '6222021234567894' } } });
    expect(expectProblem(newCase, 400, 'validation-failed').errors).toEqual([{ field: 'fields.branch', reason: 'is required', code: 'required' }]);
  });

  it('refuses an invalid schema, an unknown key and an agent, changing nothing', async () => {
    // given
    await api.create(cardLoss({ key: 'guarded', prefix: 'GRD' }));
    const before = await snapshot();
    // when
    const invalid = await api.save('guarded', {
      name: 'x',
      schema: {
        components: [
          { type: 'textfield', key: 'a' },
          { type: 'number', key: 'a' },
        ],
      },
    });
    const unknown = await api.save('not-there', { name: 'x', schema: cardLoss().schema });
    const byAgent = await api.save('guarded', { name: 'x', schema: cardLoss().schema }, agent);
    // then
    expect(expectProblem(invalid, 400, 'validation-failed').errors).toEqual([{ field: 'schema.components[1].key', reason: 'key a is used twice' }]);
    expectProblem(unknown, 404, 'case-type-not-found');
    expectProblem(byAgent, 403, 'forbidden');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses changing the key or prefix through PUT', async () => {
    await api.create(cardLoss({ key: 'fixed-prefix', prefix: 'FXP' }));
    const before = await snapshot();
    const res = await api.save('fixed-prefix', { name: 'x', prefix: 'NEW', schema: cardLoss().schema });
    expect(expectProblem(res, 400, 'validation-failed').errors).toEqual([{ field: 'prefix', reason: 'is not a known field', code: 'unknown-field' }]);
    expect(await snapshot()).toEqual(before);
  });
});
