import { CONFIG_KEYS, type ConfigKey, SETTING_GROUPS, settingSchema } from './settings.ts';

/** Where the generated operator page lives, relative to the repository root. */
export const CONFIGURATION_DOC_PATH = 'docs/operators/configuration.md';

type SchemaNode = { type?: string; minimum?: number; maximum?: number; anyOf?: SchemaNode[]; const?: unknown };

const code = (text: string) => `\`${text}\``;
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function typeOf(key: ConfigKey): string {
  const schema = settingSchema(key) as SchemaNode;
  if (schema.anyOf?.every((s) => s.const !== undefined)) return schema.anyOf.map((s) => code(String(s.const))).join(', ');
  if (schema.anyOf) return 'boolean or text';
  if (schema.type === 'integer') return schema.maximum !== undefined ? `integer ${schema.minimum ?? ''}–${schema.maximum}` : 'integer';
  if (schema.type === 'boolean') return `${code('true')} / ${code('false')}`;
  if (schema.type === 'array') return 'comma-separated list';
  if (schema.type === 'object') return code('name=value,…');
  return 'text';
}

function defaultOf(key: ConfigKey): string {
  const { default: fallback, defaultText } = settingSchema(key);
  if (defaultText) return defaultText;
  if (fallback === undefined) return '—';
  return code(String(fallback));
}

/** docs/operators/configuration.md, from the schema: every setting, its type, default and meaning. */
export function renderConfigurationDoc(): string {
  const lines = [
    '# Configuration',
    '',
    '<!-- Generated from packages/server/src/config/settings.ts by `npm run docs:config`; a test fails when this page is behind. Edit the schema, not this page. -->',
    '',
    'Every setting is an environment variable, or the same setting under its camelCase key in a JSON',
    'file named by `DOCKET_CONFIG` (lists as JSON arrays, the role map as an object). The environment',
    'wins over the file, so one value can be overridden at start. Docket checks every setting before it',
    'starts: a wrong value, an unknown key in the file or settings that contradict each other stop the',
    'start (exit code 78) with a message naming each setting and the reason. Values of the settings',
    'marked secret never appear in that message, and Docket never logs its configuration. Prefer',
    'files to variables for keys (`DOCKET_MASTER_KEY_FILE`): the environment leaks more easily.',
    '',
    'Relative paths are resolved from the directory where `npm start` (or `docket`) was typed.',
    '',
  ];
  for (const group of SETTING_GROUPS) {
    const keys = CONFIG_KEYS.filter((key) => settingSchema(key).group === group);
    if (keys.length === 0) continue;
    lines.push(`## ${group}`, '', '| variable | file key | type | default | meaning |', '| --- | --- | --- | --- | --- |');
    for (const key of keys) {
      const meta = settingSchema(key);
      const meaning = meta.secret ? `${meta.description} **Secret.**` : meta.description;
      lines.push(`| ${code(meta.env)} | ${code(key)} | ${cell(typeOf(key))} | ${cell(defaultOf(key))} | ${cell(meaning)} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
