import type { PackDimension } from './pack-labels.ts';

/** One line of a statistics table: the regulator's columns for complaints. */
export interface PackCounts {
  /** 受理: complaints created in the quarter (at or before asOf). */
  received: number;
  /** 办结: of those, first resolved at or before asOf. */
  handled: number;
  /** 按时办结: handled, and no SLA target of the case breached. */
  handledOnTime: number;
  /** 逾期: at least one SLA target breached. */
  overdue: number;
  /** 在办: received and not yet handled at asOf. */
  pending: number;
  /** 支持/部分支持: handled with outcome upheld or partially-upheld. */
  upheld: number;
  /** 重新处理: reopened at least once. */
  reopened: number;
  /** 平均办结时长(天): created → first resolution, of the handled ones; one decimal, as text for stable bytes. */
  averageDaysToHandle: string;
}

export interface PackLine extends PackCounts {
  key: string;
  label: string;
}

/** Everything the files print. Plain data in a fixed order: the renderers are pure over it. */
export interface PackFigures {
  title: string;
  periodTitle: string;
  from: string;
  to: string;
  /** The organisation the figures cover: the chosen department, or 全行 (all the generator reaches). */
  organisation: string;
  /** asOf in the analytics time zone, as printed. */
  asOfLocal: string;
  asOf: string;
  timeZone: string;
  generatorVersion: string;
  totals: PackCounts;
  breakdowns: { dimension: PackDimension; title: string; lines: PackLine[] }[];
}

export const PACK_COLUMNS: { key: keyof PackCounts; title: string }[] = [
  { key: 'received', title: '受理 Received' },
  { key: 'handled', title: '办结 Handled' },
  { key: 'handledOnTime', title: '按时办结 On time' },
  { key: 'overdue', title: '逾期 Overdue' },
  { key: 'pending', title: '在办 Pending' },
  { key: 'upheld', title: '支持 Upheld' },
  { key: 'reopened', title: '重新处理 Reopened' },
  { key: 'averageDaysToHandle', title: '平均办结天数 Avg days' },
];

export const BREAKDOWN_TITLES: Record<PackDimension, string> = {
  category: '按投诉原因 By category',
  product: '按业务(产品)类别 By product',
  channel: '按投诉渠道 By channel',
  region: '按地区 By province',
  outcome: '按处理结果 By outcome',
};

export const PACK_DIMENSIONS: PackDimension[] = ['category', 'product', 'channel', 'region', 'outcome'];
