// Personal names in free text (issue 22): found by a surname dictionary and the words around a
// name, never by guessing at any two or three Chinese characters. Precision comes first — this
// finder decides what free text is sealed and masked, so an ordinary word taken for a name would
// mask what every reader needs — so a name is only taken:
// - after a word that introduces one (我叫 / 我是 / 本人 / 姓名： / 客户 / 户名 / 申请人 …,
//   "my name is", "Name:", "This is"), or
// - before an honorific or a form of address (先生 / 女士 / 小姐 …, and Mr / Ms / Mrs / Dr before).
// A Chinese name is a surname from the dictionary (incl. two-character surnames such as 欧阳)
// and one or two given characters; a surname alone (张先生) identifies nobody and is not taken.
// An English name is one to three capitalised words.

export interface NameSpan {
  /** UTF-16 offsets into the text, end exclusive. */
  start: number;
  end: number;
  /** The name as written, without the honorific. */
  value: string;
  confidence: number;
}

// The commonest single-character surnames (about 95 % of the population), leaving out those that
// are above all ordinary words in running text (和, 于 is kept only as a weak one below …).
const SINGLE_SURNAMES = new Set(
  [
    ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤易常温康施文牛樊葛邢安齐伍庞颜倪聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝',
  ].filter((c) => c !== '和'),
);

// Surnames that are also everyday function words: taken only where nothing Chinese stands right
// before them (向李明先生 is 李明 spoken to, not 向李明).
const WEAK_SURNAMES = new Set([...'向于']);

const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '令狐',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '闻人',
  '呼延',
  '澹台',
  '公冶',
  '太史',
  '申屠',
  '钟离',
  '百里',
  '东郭',
  '万俟',
  '司空',
  '左丘',
  '第五',
  '拓跋',
  '赫连',
]);

// Characters that end a name: function words, pronouns, verbs that follow a name in speech,
// words of time and of banking, place suffixes.
const GIVEN_STOP = new Set([
  ...'的了是在和与及或也都就还又很太最被把将对向给跟从到于以为让叫请找问说讲告诉要想会能可得着过吗呢吧啊呀哦嗯哈啦么个这那哪其此每各某我你您他她它们咱',
  ...'今昨前后去来今现刚才已正将在打拨电话手机号码卡账帐户身份证件银行客申投诉咨询办理反映称表示说道称先女士姐生老师经理',
  ...'年月日时分秒天周星期号点元块万千百亿省市区县镇乡村街路道巷弄室栋楼层州人家里外上下中内',
  ...'一二三四五六七八九十零〇两几多少',
]);

// Words made of a surname and a following character that are ordinary words, not names.
const NOT_NAMES = new Set([
  '万一',
  '万元',
  '高兴',
  '高度',
  '高于',
  '高额',
  '高速',
  '高利',
  '高风',
  '高峰',
  '于是',
  '周末',
  '周围',
  '周期',
  '周转',
  '方便',
  '方面',
  '方式',
  '方法',
  '方案',
  '方向',
  '马上',
  '白天',
  '金额',
  '金融',
  '黄金',
  '安全',
  '安排',
  '安装',
  '常常',
  '常用',
  '时间',
  '时候',
  '许多',
  '许可',
  '程序',
  '林业',
  '江苏',
  '江西',
  '文件',
  '石油',
  '成功',
  '成为',
  '成都',
  '张贴',
  '关于',
  '关注',
  '关系',
  '关闭',
  '任何',
  '任务',
  '全部',
  '全额',
  '全国',
  '全是',
  '连续',
  '连接',
  '包括',
  '包含',
  '向您',
  '应该',
  '应当',
  '明确',
  '明显',
  '明白',
  '单位',
  '单据',
  '管理',
  '简单',
  '解决',
  '解释',
  '商品',
  '商户',
  '商家',
  '司法',
  '宁可',
  '曾经',
  '尚未',
  '毕竟',
  '党员',
  '华夏',
  '邮政',
  '路费',
  '房贷',
  '房子',
  '房屋',
  '车贷',
  '车辆',
  '古代',
  '谷歌',
  '景区',
  '卫生',
  '师傅',
  '项目',
  '费用',
  '冷静',
  '席位',
  '农业',
  '农行',
  '农商',
  '中国',
  '工商',
  '建设',
  '交通',
  '招商',
  '平安',
  '光大',
  '民生',
  '兴业',
  '浦发',
  '广发',
  '邮储',
  '宁波',
  '江南',
  '龙岗',
  '余额',
  '余下',
  '杜绝',
  '叶子',
  '戴上',
  '严重',
  '严格',
  '康复',
  '施工',
  '温州',
  '苏州',
  '徐州',
  '常州',
  '杭州',
  '易于',
  '容易',
  '贾某',
  '时常',
  '潘某',
  '齐全',
  '伍佰',
  '岳父',
  '岳母',
  '柏林',
  '宗旨',
  '查询',
  '查到',
  '查看',
  '查出',
  '查实',
  '查明',
  '麻烦',
  '苗头',
  '游戏',
  '熊猫',
  '姜汤',
  '陆续',
  '陶瓷',
  '鲁莽',
  '骆驼',
  '蒙受',
  '蒙古',
  '景象',
  '景德',
  '甘肃',
  '梅花',
  '池州',
  '冉冉',
  '迟迟',
  '迟到',
  '连带',
  '车主',
  '明天',
  '明细',
  '明年',
  '明日',
  '钱款',
  '钱包',
  '和解',
  '和气',
  '祝您',
  '祝你',
]);

const HONORIFICS_ZH = ['先生', '女士', '小姐', '老师', '经理', '同志', '阿姨', '师傅', '主任', '律师', '医生', '老板', '总经理', '大爷', '大妈', '总'];

// Words that introduce a name (a colon or 是/为/叫 may follow).
const CONTEXT_ZH =
  /(?:我叫|我是|本人(?:是|叫)?|我的名字(?:是|叫)|名字(?:是|叫)|名叫|姓名|户名|账户名称?|帐户名称?|客户(?:姓名|名称)?|申请人|持卡人|开户人|联系人|收款人|付款人|借款人|担保人|投诉人|来电人|咨询人|法定代表人|代理人|经办人|委托人|被保险人|投保人)[ \t:：]*(?:是|为|叫)?[ \t:：]*/g;

const CJK = /[\u4e00-\u9fff]/;
const isCjk = (c: string | undefined) => c !== undefined && CJK.test(c);

/** The Chinese name that starts at `at`, or undefined. `strictLeft`: weak surnames need a non-Chinese character before them. */
function chineseNameAt(text: string, at: number): { end: number; surname: string } | undefined {
  const two = text.slice(at, at + 2);
  let surnameEnd: number;
  if (COMPOUND_SURNAMES.has(two)) surnameEnd = at + 2;
  else if (SINGLE_SURNAMES.has(text[at]!) || (WEAK_SURNAMES.has(text[at]!) && !isCjk(text[at - 1]))) surnameEnd = at + 1;
  else return undefined;
  let end = surnameEnd;
  while (end < surnameEnd + 2 && isCjk(text[end]) && !GIVEN_STOP.has(text[end]!)) end++;
  if (end === surnameEnd) return undefined;
  if (NOT_NAMES.has(text.slice(at, at + 2)) || NOT_NAMES.has(text.slice(surnameEnd, surnameEnd + 2))) return undefined;
  // A second given character that starts an ordinary word with what follows belongs to that word.
  if (end - surnameEnd === 2 && NOT_NAMES.has(text.slice(end - 1, end + 1))) end--;
  // An honorific right after the surname means the surname stands alone (王先生).
  if (HONORIFICS_ZH.some((h) => text.startsWith(h, surnameEnd))) return undefined;
  return { end, surname: text.slice(at, surnameEnd) };
}

// English: a capitalised word (O'Brien, Anne-Marie, McDonald), one to three of them.
const EN_WORD = "[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*|[A-Z]['’][A-Z][a-z]+";
const EN_NAME = new RegExp(`(?:${EN_WORD})(?:[ \\t]+(?:${EN_WORD})){0,2}`, 'y');
// Capitalised words that follow "this is" or "I am" and are not names.
const NOT_EN_NAMES = new Set([
  'The',
  'A',
  'An',
  'Not',
  'Very',
  'So',
  'Just',
  'Calling',
  'Writing',
  'Here',
  'From',
  'With',
  'About',
  'Your',
  'My',
  'Our',
  'This',
  'That',
  'It',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Customer',
  'Service',
  'Bank',
  'China',
  'Chinese',
  'English',
  'Mr',
  'Mrs',
  'Ms',
  'Miss',
  'Dr',
  'Sir',
  'Madam',
  'Dear',
  'Please',
  'Thanks',
  'Thank',
  'Hello',
  'Hi',
  'Yes',
  'No',
  'Ok',
  'Okay',
  'Sorry',
  'Still',
  'Really',
  'Unable',
  'Going',
  'Name',
  'Account',
  'Card',
  'Phone',
  'Email',
  'Address',
  'Complaint',
  'Regards',
  'Best',
  'Kind',
  'Sincerely',
  'Yours',
  'Street',
  'Road',
]);

// "this is" / "I am" introduce a name less surely than "my name is": those need two words.
const CONTEXT_EN =
  /\b(?:(my name is|my name's|name\s*[:：]|full name\s*[:：]|customer(?:'s)? name\s*(?:is|[:：])|account holder(?:'s name)?\s*(?:is|[:：])?|card ?holder\s*(?:is|[:：])|applicant\s*(?:name\s*)?[:：]|regards,|sincerely,|yours truly,|thanks,|cheers,)|(this is|i am|i'm))[ \t]*\r?\n?[ \t]*/gi;
const HONORIFIC_EN = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+/g;

function englishNameAt(text: string, at: number, minWords: number): { end: number } | undefined {
  EN_NAME.lastIndex = at;
  const m = EN_NAME.exec(text);
  if (!m) return undefined;
  const words = m[0].split(/[ \t]+/);
  let kept = 0;
  while (kept < words.length && !NOT_EN_NAMES.has(words[kept]!)) kept++;
  if (kept < minWords) return undefined;
  const value = words.slice(0, kept).join(' ');
  // The words as written, spaces included.
  let end = at;
  for (let i = 0; i < kept; i++) {
    end = text.indexOf(words[i]!, end) + words[i]!.length;
  }
  // A letter straight after means a longer word that does not fit the shape (McDONALD).
  if (/[A-Za-z]/.test(text[end] ?? '')) return undefined;
  return value ? { end } : undefined;
}

function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].length === 0) pattern.lastIndex++;
    yield m;
  }
}

/** Whether `text` holds any word a name finder would start from: a cheap first look. */
export const NAME_HINT =
  /我叫|我是|本人|名字|名叫|姓名|户名|客户|[人者]|先生|女士|小姐|老师|经理|同志|阿姨|师傅|主任|律师|医生|老板|总|大爷|大妈|name|this is|i am|i'm|regards|sincerely|thanks|cheers|holder|applicant|\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\b/i;

/** Every personal name found in `text`, in text order, none overlapping. Pure. */
export function findPersonNames(text: string): NameSpan[] {
  if (!text || !NAME_HINT.test(text)) return [];
  const found: NameSpan[] = [];
  const add = (start: number, end: number, confidence: number) => {
    if (end > start && !found.some((f) => start < f.end && f.start < end)) found.push({ start, end, value: text.slice(start, end), confidence });
  };

  for (const m of matches(CONTEXT_ZH, text)) {
    const at = m.index + m[0].length;
    const zh = chineseNameAt(text, at);
    if (zh) {
      add(at, zh.end, 0.9);
      continue;
    }
    const en = englishNameAt(text, at, 1);
    if (en) add(at, en.end, 0.85);
  }

  for (const m of matches(CONTEXT_EN, text)) {
    const at = m.index + m[0].length;
    const strong = m[1] !== undefined;
    const en = englishNameAt(text, at, strong ? 1 : 2);
    if (en) {
      add(at, en.end, strong ? 0.9 : 0.75);
      continue;
    }
    if (strong) {
      const zh = chineseNameAt(text, at);
      if (zh) add(at, zh.end, 0.85);
    }
  }

  for (const m of matches(HONORIFIC_EN, text)) {
    const at = m.index + m[0].length;
    const en = englishNameAt(text, at, 1);
    if (en) add(at, en.end, 0.85);
  }

  // Chinese honorifics: look back from the honorific for surname + one or two given characters,
  // the longest that fits.
  for (const honorific of HONORIFICS_ZH) {
    for (let h = text.indexOf(honorific); h >= 0; h = text.indexOf(honorific, h + honorific.length)) {
      for (const length of [4, 3, 2]) {
        const start = h - length;
        if (start < 0) continue;
        const zh = chineseNameAt(text, start);
        if (zh && zh.end === h) {
          add(start, h, 0.85);
          break;
        }
      }
    }
  }

  return found.sort((a, b) => a.start - b.start);
}
