import type { CSSProperties } from 'react';
import { Select } from 'antd';
import { useT } from '../../app/locale.tsx';
import { translateIfKnown } from '../../i18n/i18n.ts';
import { languageName } from './rule-model.ts';

// Inputs of codes the reader picks by name (channels, tags, tiers, languages): the known ones are
// offered translated, and any other value may be typed, as cases carry free text there.

const KNOWN = {
  channel: ['phone', 'branch', 'app', 'wechat', '12378', 'chat', 'email', 'web', 'letter'],
  tag: ['elderly', 'foreign', 'vulnerable', 'disabled'],
  tier: ['standard', 'gold', 'private', 'vip'],
  risk: ['low', 'medium', 'high'],
  language: ['zh', 'en', 'yue', 'ja', 'ko', 'fr', 'de', 'ru', 'es', 'ar'],
} as const;

type Kind = keyof typeof KNOWN;

interface CodeSelectProps {
  value?: string[];
  onChange?: (value: string[]) => void;
  style?: CSSProperties;
  id?: string;
  'aria-label'?: string;
  'data-testid'?: string;
}

function CodeSelect({ kind, ...props }: CodeSelectProps & { kind: Kind }) {
  const t = useT();
  const label = (code: string) => (kind === 'language' ? languageName(code, t) : (translateIfKnown(t, `routingAdmin.${kind}.${code}`) ?? code));
  const codes = [...new Set([...KNOWN[kind], ...(props.value ?? [])])];
  return <Select mode="tags" allowClear tokenSeparators={[',', '，', ' ']} optionFilterProp="label" options={codes.map((code) => ({ value: code, label: label(code) }))} {...props} />;
}

export const ChannelSelect = (props: CodeSelectProps) => <CodeSelect kind="channel" {...props} />;
export const TagSelect = (props: CodeSelectProps) => <CodeSelect kind="tag" {...props} />;
export const TierSelect = (props: CodeSelectProps) => <CodeSelect kind="tier" {...props} />;
export const RiskSelect = (props: CodeSelectProps) => <CodeSelect kind="risk" {...props} />;
export const LanguageSelect = (props: CodeSelectProps) => <CodeSelect kind="language" {...props} />;

/** Free values typed one by one (sources, categories, products, region codes). */
export function TypedValues(props: CodeSelectProps & { placeholder?: string }) {
  return <Select mode="tags" allowClear open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} {...props} />;
}

/** One channel, by name (a capacity row's channel). */
export function ChannelPicker(props: { value?: string; onChange?: (value: string) => void; style?: CSSProperties; id?: string; 'aria-label'?: string }) {
  const t = useT();
  const codes = [...new Set([...KNOWN.channel, ...(props.value ? [props.value] : [])])];
  return <Select showSearch optionFilterProp="label" options={codes.map((code) => ({ value: code, label: translateIfKnown(t, `routingAdmin.channel.${code}`) ?? code }))} {...props} />;
}
