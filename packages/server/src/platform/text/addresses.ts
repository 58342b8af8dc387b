// Postal addresses in free text (issue 22). A place name alone (上海市, 朝阳区, "Main Street")
// identifies nobody; what does is a place narrowed down to a door. So an address is taken only
// when it has the shape of one:
// - Chinese: administrative levels (省 / 市 / 区 / 县 / 镇 / 街道 …), a street (路 / 街 / 大道 /
//   巷 / 胡同) and a door (88号 / 12弄 / 3栋2单元501室), of which it must hold a door, or a
//   street with a level above it; a housing estate (小区 / 花园 / 大厦 …) counts as a street when
//   a building or room number follows it.
// - English: a house number, one to four capitalised words and a street type (Street, Rd, Ave …),
//   optionally an apartment, a city, a state or province and a postcode.
// The parts are read as runs of characters between words that never belong to an address
// (pronouns, verbs, function words), so 我住在北京市朝阳区建国路88号 yields the address alone.

export interface AddressSpan {
  start: number;
  end: number;
  value: string;
  confidence: number;
}

// Characters that never stand inside a Chinese address and so bound it.
const NOT_IN_ADDRESS = new Set([
  ...'我你您他她它们的了是在和与及或也都就还又很被把将对给跟从到以让叫请找问说讲告诉要想会能可得着过吗呢吧啊呀哦嗯哈啦么这那哪其此每某',
  ...'住址寄送邮搬家办理投诉反映称表示联系电话手机卡账帐户身份证客申咨询收货发票退换块钱月日时分秒今昨前后去来刚已正现',
]);

const NUM = '[0-9０-９一二三四五六七八九十百零〇两]+';
const LEVEL = '(?:省|自治区|特别行政区|市|自治州|地区|盟|区|县|旗|镇|乡|街道|村)';

// The parts of a Chinese address, largest first; each is read where the previous one ended.
const PART_LEVEL = new RegExp(`[\\u4e00-\\u9fff]{1,8}?${LEVEL}`, 'y');
const PART_STREET = new RegExp(`[\\u4e00-\\u9fff0-9A-Za-z]{1,12}?(?:大街|大道|胡同|路|街|巷)(?:${NUM}段)?`, 'y');
const PART_ESTATE = /[\u4e00-\u9fffA-Za-z]{1,12}?(?:小区|花园|大厦|公寓|家园|苑|广场|中心|新村|社区|大楼|山庄|府)/y;
const PART_DOOR = new RegExp(`(?:${NUM}|[A-Za-z]?[0-9]+[A-Za-z]?)(?:[-－—][0-9]+)*(?:号院|号楼|号|弄|栋|幢|座|单元|楼|层|室)`, 'y');

// Province-level names: an address that holds one starts there.
const PROVINCES = /北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门/;

const isRunChar = (c: string) => /[\u4e00-\u9fff0-9０-９A-Za-z\-－—#]/.test(c) && !NOT_IN_ADDRESS.has(c);

function tryAt(pattern: RegExp, text: string, at: number, limit: number): number | undefined {
  pattern.lastIndex = at;
  const m = pattern.exec(text);
  return m && at + m[0].length <= limit ? at + m[0].length : undefined;
}

const MAX_LEVELS = 6;
const MIN_LENGTH = 4;
const MAX_DOORS = 6;

interface Parsed {
  end: number;
  levels: number;
  street: boolean;
  estate: boolean;
  doors: number;
}

/** Reads address parts in order from `at` inside a run ending at `runEnd`. */
function parseParts(text: string, at: number, runEnd: number): Parsed {
  const parsed: Parsed = { end: at, levels: 0, street: false, estate: false, doors: 0 };
  let pos = at;
  // Bounded counts keep the search linear in the text: no address has more levels or doors.
  for (let end = tryAt(PART_LEVEL, text, pos, runEnd); end !== undefined && parsed.levels < MAX_LEVELS; end = tryAt(PART_LEVEL, text, pos, runEnd)) {
    parsed.levels++;
    pos = parsed.end = end;
  }
  const street = tryAt(PART_STREET, text, pos, runEnd);
  if (street !== undefined) {
    parsed.street = true;
    pos = parsed.end = street;
  }
  for (;;) {
    const door = tryAt(PART_DOOR, text, pos, runEnd);
    if (door !== undefined && parsed.doors < MAX_DOORS) {
      parsed.doors++;
      pos = parsed.end = door;
      continue;
    }
    // An estate counts only with a building or room after it (阳光花园3栋).
    const estate = parsed.estate ? undefined : tryAt(PART_ESTATE, text, pos, runEnd);
    if (estate !== undefined && tryAt(PART_DOOR, text, estate, runEnd) !== undefined) {
      parsed.estate = true;
      pos = estate;
      continue;
    }
    break;
  }
  return parsed;
}

const isAddress = (p: Parsed) => (p.doors > 0 && (p.street || p.estate || p.levels > 0)) || (p.street && p.levels > 0);

function findChineseAddresses(text: string, found: AddressSpan[]) {
  let i = 0;
  while (i < text.length) {
    if (!isRunChar(text[i]!)) {
      i++;
      continue;
    }
    let runEnd = i;
    while (runEnd < text.length && isRunChar(text[runEnd]!)) runEnd++;
    // The shortest address (X路1号) has four characters.
    if (runEnd - i < MIN_LENGTH) {
      i = runEnd;
      continue;
    }
    // Within the run, the address may start at any character (投诉北京市… starts at 北); the
    // first start that reads as an address wins, and the search goes on after it.
    // Searched within the run only, so that many short runs cost no more than one long one.
    const province = runEnd - i >= 4 ? text.slice(i, runEnd).search(PROVINCES) : -1;
    let at = province >= 0 && isAddress(parseParts(text, i + province, runEnd)) ? i + province : i;
    while (at <= runEnd - MIN_LENGTH) {
      if (!/[\u4e00-\u9fff]/.test(text[at]!)) {
        at++;
        continue;
      }
      const parsed = parseParts(text, at, runEnd);
      if (isAddress(parsed)) {
        const confidence = parsed.levels > 0 && parsed.doors > 0 ? 0.9 : 0.8;
        found.push({ start: at, end: parsed.end, value: text.slice(at, parsed.end), confidence });
        at = parsed.end;
      } else at++;
    }
    i = runEnd;
  }
}

const EN_STREET_TYPES = 'Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent|Highway|Hwy|Parkway|Pkwy|Square|Sq';
const EN_ADDRESS = new RegExp(
  `\\b\\d{1,5}[A-Za-z]?(?:[ \\t]+[A-Z][A-Za-z'’-]*){1,4}[ \\t]+(?:${EN_STREET_TYPES})\\b\\.?` +
    // apartment, suite, unit, flat
    `(?:,?[ \\t]*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Rm)\\.?[ \\t]*#?[0-9A-Za-z-]+)?` +
    // city (and a state or province with a postcode)
    `(?:,[ \\t]*[A-Z][A-Za-z]+(?:[ \\t]+[A-Z][A-Za-z]+){0,2}(?:,?[ \\t]*(?:[A-Z]{2}[ \\t]+\\d{5}(?:-\\d{4})?|[A-Z]{2}\\b|\\d{5,6}))?)?`,
  'g',
);

/** Whether `text` could hold an address: a cheap first look. */
export const ADDRESS_HINT =
  /[路街巷弄号栋幢室]|小区|花园|大厦|公寓|\d[ \t]+[A-Z][A-Za-z]*[ \t]+(?:[A-Z][A-Za-z]*[ \t]+)*(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Close|Crescent|Highway|Hwy|Parkway|Pkwy|Square|Sq)\b/;

/** Every postal address found in `text`, in text order, none overlapping. Pure. */
export function findAddresses(text: string): AddressSpan[] {
  if (!text || !ADDRESS_HINT.test(text)) return [];
  const found: AddressSpan[] = [];
  EN_ADDRESS.lastIndex = 0;
  for (let m = EN_ADDRESS.exec(text); m; m = EN_ADDRESS.exec(text)) {
    const value = m[0].replace(/[,.\s]+$/, (s) => (s.startsWith('.') && /(?:St|Rd|Ave|Blvd|Ln|Dr|Ct|Pl|Hwy|Pkwy|Sq)\.$/.test(m![0]) ? '.' : ''));
    found.push({ start: m.index, end: m.index + value.length, value, confidence: 0.85 });
  }
  findChineseAddresses(text, found);
  const kept: AddressSpan[] = [];
  for (const a of found) if (!kept.some((k) => a.start < k.end && k.start < a.end)) kept.push(a);
  return kept.sort((a, b) => a.start - b.start);
}
