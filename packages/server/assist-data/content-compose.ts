// Composed phrasings: a sentence frame (split by position like every other list: a test frame is
// never a training frame) filled with what happened (shared by both splits, as a bank's
// vocabulary is). They multiply the ways one complaint, question or feeling is said, so that a
// model learns the words that carry the class rather than whole sentences.
import type { ComplaintCategory, ComplaintProduct } from './content.ts';

export interface Composed {
  /** What happened, per category and product: clauses that fit every frame. */
  happened: Record<ComplaintCategory, Partial<Record<ComplaintProduct, string[]>>>;
  /** How the customer names the product. */
  productWords: Record<ComplaintProduct, string[]>;
  /** `{p}` the product, `{k}` what happened. */
  complaintFrames: string[];
  /** What a question is about, per topic. */
  subjects: Record<'accounts' | 'loans' | 'wealth', string[]>;
  /** `{k}` the subject. */
  questionFrames: string[];
  urgency: Record<'low' | 'normal' | 'high' | 'urgent', string[]>;
  emotion: Record<'calm' | 'anxious' | 'angry', string[]>;
  /** `{k}` a feeling or an urgency. */
  clauseFrames: string[];
}

export const ZH_COMPOSED: Composed = {
  happened: {
    fees: {
      'debit-card': ['被扣了{amt1}小额账户管理费', '被收了借记卡年费{amt1}', '每个月都扣短信通知服务费', '跨行取现被收了{amt1}手续费', '换卡被收了工本费', '挂失补卡被收了{amt1}手续费', '余额不足被扣了账户管理费', '被收了一笔不明不白的年费'],
      payment: ['跨行转账被收了{amt1}手续费', '境外汇款被扣了电汇费和中间行费用', '快捷支付每笔都多收手续费', '收款码提现被收了服务费', '网银汇款的汇划费比公示的高', '转账手续费{amt1}收得没有依据'],
      'personal-loan': ['提前还款被收了{amt2}违约金', '贷款账户每月扣管理费', '放款时被收了{amt1}服务费', '房贷转LPR被收了手续费', '还贷被收了一笔没告知的费用', '贷款被额外收取了{amt1}手续费'],
    },
    service: {
      'debit-card': ['网点柜员态度恶劣', '大堂经理对我很不耐烦', '柜台工作人员上班时间玩手机不理人', '办卡时柜员冷嘲热讽', '网点保安把我拦在门外', '柜员当众大声念出我的余额'],
      'credit-card': ['信用卡客服态度很差', '信用卡热线客服不耐烦直接挂我电话', '信用卡中心的坐席说话很冲', '客服答应回电却一直没有回', '信用卡客服敷衍了事', '信用卡客服互相推诿'],
      'personal-loan': ['客户经理办贷款一拖再拖不接电话', '贷款经理嘲笑我收入低', '信贷员态度冷漠爱答不理', '贷款经理承诺的事情都不兑现', '办理贷款时工作人员态度蛮横'],
      payment: ['转账出了问题客服互相踢皮球', '支付问题找人工客服没人理', '汇款的事问了三个人说法都不一样', '在线客服只会机器人回复', '客服对转账失败的问题敷衍了事'],
    },
    wealth: {
      wealth: ['理财经理说保本保收益结果亏了{amt2}', '风险测评保守却被卖了高风险理财', '买理财时没有双录也没说封闭期', '经理夸大基金收益误导我购买', '理财经理替我勾选了风险测评', '理财只介绍最高收益不提风险', '客户经理私下卖给我私募产品'],
      'insurance-agency': ['存定期被柜员换成了分红保险', '把代理保险当存款卖给我父母', '退保损失{amt2}本金但当初说随时能退', '办贷款被搭售保险', '把年金保险说成高收益理财', '银行代销的万能险收益远低于宣传'],
    },
    'credit-card': {
      'credit-card': ['信用卡分期手续费实际利率很高', '信用卡被盗刷了{amt2}', '信用卡晚还一天被收违约金和全额利息', '信用卡催收骚扰我的家人同事', '信用卡额度无故被降', '信用卡年费{amt1}被扣了', '信用卡积分被清零', '信用卡被自动分期', '信用卡账单多了一笔不认识的消费', '信用卡现金分期利息远高于宣传'],
    },
    other: {
      'debit-card': ['银行卡被ATM吞了没人处理', '借记卡账户被无故冻结', '柜台存的现金少记了一笔', '借记卡被限制非柜面交易', '社保卡金融功能一直用不了'],
      payment: ['转账显示成功对方却没收到', '手机银行APP登录不上', '扫码支付扣款成功商户没收到', '工资代发延迟了好几天', '电子回单下载不了', '转账被退回说户名不符'],
      'personal-loan': ['按时还贷征信却显示逾期', '贷款还款被重复扣款', '贷款结清后抵押一直没注销', '贷款申请资料被泄露给第三方', '贷款还款日扣款失败却没有通知'],
    },
  },
  productWords: {
    'debit-card': ['借记卡', '储蓄卡', '工资卡', '银行卡'],
    'credit-card': ['信用卡', '白金信用卡', '联名信用卡'],
    'personal-loan': ['个人贷款', '消费贷款', '房贷', '贷款'],
    wealth: ['理财产品', '基金', '理财'],
    'insurance-agency': ['保险', '银行代理的保险', '代理保险产品'],
    payment: ['手机银行转账', '网银', '支付', '转账汇款'],
  },
  complaintFrames: [
    '我要投诉：{k}，涉及我的{p}。',
    '关于{p}的问题，{k}，我很不满意。',
    '我反映一个{p}的问题：{k}。',
    '我的{p}出了问题，{k}，到现在也没解决。',
    '{k}，这是我使用{p}时遇到的情况。',
    '投诉内容：{k}（{p}）。',
    '想投诉一下，{k}。我的{p}是在你们这里办的。',
    '事情是这样的，{k}，就是我那个{p}。',
    '我在你们行的{p}，{k}，请给个说法。',
    '说一下我的情况：{p}这边{k}。',
    '之前{k}，我的{p}一直受影响。',
    '{p}方面，{k}，我要求处理。',
    '你们银行{k}，我的{p}因此遭受损失。',
    '我是来投诉{p}的，{k}。',
    '简单说就是{k}，和{p}有关。',
    '这次要说的是{p}：{k}。',
    '我遇到了{k}的情况，产品是{p}。',
    '对于{k}这件事，{p}的用户都有意见。',
  ],
  subjects: {
    accounts: ['开户', '销户', '银行卡挂失补卡', '借记卡转账限额', '修改预留手机号', '重置银行卡密码', '激活银行卡', '开存款证明', '开二类账户', '开个人养老金账户', '解除非柜面限额', '查询名下账户'],
    loans: ['申请房贷', '个人消费贷款', '经营贷款', '公积金贷款', '提前还贷款', '贷款利率', '修改贷款还款日', '开贷款结清证明', '申请车贷', '装修贷款', '房贷转LPR', '助学贷款'],
    wealth: ['购买理财产品', '三年期定期存款', '大额存单', '基金定投', '购买国债', '做风险测评', '黄金积存', '结构性存款', '养老理财', '理财产品赎回', '外币理财', '基金申购费'],
  },
  questionFrames: [
    '请问{k}需要准备什么材料？',
    '我想了解一下{k}的流程。',
    '{k}怎么办理？',
    '请问{k}有什么条件？',
    '想咨询一下{k}的事情。',
    '{k}可以在手机银行上办吗？',
    '请问{k}要多长时间？',
    '关于{k}，有几个问题想问。',
    '请教一下，{k}收费吗？',
    '{k}现在有什么新规定吗？',
    '麻烦介绍一下{k}。',
    '请问在哪里可以办理{k}？',
    '我对{k}不太了解，能讲讲吗？',
    '{k}需要本人到网点吗？',
    '问一下{k}的具体要求。',
  ],
  urgency: {
    urgent: ['非常紧急', '十万火急', '刻不容缓，请立即处理', '必须马上处理', '今天之内必须解决', '急得不得了，请立刻处理'],
    high: ['希望尽快处理', '请优先处理', '比较着急，请尽早回复', '请这周内给结果', '麻烦抓紧时间', '请加快进度'],
    normal: ['请按正常流程处理', '请帮忙核实', '请跟进一下', '请安排处理', '请正常受理', '按流程来就好'],
    low: ['不着急', '有空再处理就行', '不急，慢慢来', '不需要马上回复', '不赶时间', '什么时候处理都行'],
  },
  emotion: {
    angry: ['太过分了', '我非常生气', '简直岂有此理', '气死我了', '你们太离谱了', '我很愤怒'],
    anxious: ['我很担心', '心里很慌', '我非常焦虑', '我很害怕', '心里很不踏实', '我急得睡不着'],
    calm: ['谢谢', '感谢你们', '辛苦了', '麻烦了', '多谢', '谢谢理解'],
  },
  clauseFrames: ['{k}。', '说实话，{k}。', '{k}！', '总之{k}。', '我的感受就是{k}。', '{k}，请理解。', '最后说一句，{k}。', '反正{k}。', '{k}，就这样。'],
};

export const EN_COMPOSED: Composed = {
  happened: {
    fees: {
      'debit-card': ['I was charged a small-balance fee of {amt1}', 'an annual fee of {amt1} was taken from my debit card', 'SMS alert fees are deducted every month', 'I paid a {amt1} fee for a cash withdrawal at another bank', 'I was charged a card replacement fee', 'I paid {amt1} for reporting a lost card', 'an account maintenance fee was deducted for a low balance', 'an unexplained annual fee was deducted'],
      payment: ['I was charged {amt1} for an interbank transfer', 'my overseas transfer cost wire fees plus an intermediary charge', 'every quick payment carries an extra fee', 'withdrawing from my QR code account cost a service fee', 'the online remittance charge is higher than the tariff', 'a transfer fee of {amt1} was charged without basis'],
      'personal-loan': ['I paid an early repayment penalty of {amt2}', 'a monthly management fee is taken from my loan account', 'I was charged a {amt1} service fee when the loan was paid out', 'switching my mortgage to LPR cost a processing fee', 'an undisclosed fee was added to my loan repayment', 'an extra handling fee of {amt1} was added to my loan'],
    },
    service: {
      'debit-card': ['the branch teller was rude', 'the lobby manager was impatient with me', 'counter staff played on their phones and ignored me', 'the teller mocked me when I opened a card', 'the branch guard refused to let me in', 'the teller read my balance out loud'],
      'credit-card': ['the credit card hotline agent was rude', 'the card hotline agent hung up on me', 'the credit card centre agent was curt', 'the agent promised a call back that never came', 'card services brushed me off', 'card services kept passing me around'],
      'personal-loan': ['the loan manager keeps delaying and does not answer', 'the loan officer mocked my income', 'the credit officer was cold and dismissive', 'the loan manager broke every promise', 'staff were arrogant when I applied for a loan'],
      payment: ['nobody takes responsibility for my failed transfer', 'no human agent answers my payment issue', 'three staff gave me three answers about my remittance', 'the online chat only gives robot answers', 'the hotline brushed off my failed transfer'],
    },
    wealth: {
      wealth: ['the wealth manager promised guaranteed returns and I lost {amt2}', 'I am a conservative investor but was sold a high-risk product', 'the wealth product sale was not recorded and the lock-up was hidden', 'the adviser exaggerated the fund returns', 'the wealth manager filled in my risk assessment for me', 'only the best-case return was mentioned, never the risks', 'the relationship manager sold me a private fund on the side'],
      'insurance-agency': ['my fixed deposit was switched into a participating insurance policy', 'agency insurance was sold to my parents as a deposit', 'surrendering costs me {amt2} although I was told I could cancel any time', 'insurance was bundled with my loan', 'an annuity policy was sold as a high-yield investment', 'the universal life policy sold at the branch returns far less than promised'],
    },
    'credit-card': {
      'credit-card': ['the card instalment fee hides a high real interest rate', 'my credit card was used fraudulently for {amt2}', 'one day late and I paid a late fee plus full interest', 'card debt collectors harass my family and colleagues', 'my credit limit was cut without notice', 'a {amt1} card annual fee was charged', 'my reward points were wiped', 'my card purchase was split into instalments without consent', 'an unknown purchase appeared on my card statement', 'the cash instalment interest is far above what was advertised'],
    },
    other: {
      'debit-card': ['the ATM swallowed my card and nobody followed up', 'my debit card account was frozen for no reason', 'a cash deposit at the counter was recorded short', 'my debit card is limited for non-counter transactions', 'the financial function of my social security card does not work'],
      payment: ['a transfer shows as successful but never arrived', 'I cannot log in to the mobile app', 'a QR payment was debited but the merchant got nothing', 'my salary payment was days late', 'electronic receipts cannot be downloaded', 'a transfer bounced with a name mismatch'],
      'personal-loan': ['my credit report shows a late payment although I paid on time', 'my loan instalment was debited twice', 'the mortgage was never released after I repaid', 'my loan application data was leaked to third parties', 'my loan repayment failed and nobody told me'],
    },
  },
  productWords: {
    'debit-card': ['debit card', 'savings card', 'salary card', 'bank card'],
    'credit-card': ['credit card', 'platinum credit card', 'co-branded credit card'],
    'personal-loan': ['personal loan', 'consumer loan', 'mortgage', 'loan'],
    wealth: ['wealth product', 'fund', 'wealth management product'],
    'insurance-agency': ['insurance policy', 'insurance bought at the bank', 'agency insurance'],
    payment: ['mobile banking transfer', 'online banking', 'payment', 'remittance'],
  },
  complaintFrames: [
    'I want to complain: {k}, about my {p}.',
    'About my {p}: {k}, and I am not happy.',
    'I am reporting a problem with my {p}: {k}.',
    'Something is wrong with my {p}, {k}, and it is still not fixed.',
    '{k}, that is what happened with my {p}.',
    'Complaint: {k} ({p}).',
    'I wish to complain, {k}. The {p} is with your bank.',
    'Here is what happened: {k}, this is my {p}.',
    'My {p} with your bank: {k}, please explain.',
    'My situation with the {p}: {k}.',
    'Earlier {k} and my {p} is still affected.',
    'Regarding the {p}, {k}, I want it dealt with.',
    'At your bank {k}, and I lost money on my {p}.',
    'I am calling to complain about my {p}, {k}.',
    'In short {k}, it concerns my {p}.',
    'This is about my {p}: {k}.',
    'I experienced this: {k}, product {p}.',
    'On the matter that {k}, every {p} customer is unhappy.',
  ],
  subjects: {
    accounts: ['opening an account', 'closing an account', 'replacing a lost card', 'the debit card transfer limit', 'changing my registered mobile number', 'resetting my card PIN', 'activating my card', 'a deposit certificate', 'a Class II account', 'a personal pension account', 'lifting the non-counter limit', 'checking accounts in my name'],
    loans: ['a mortgage application', 'a personal consumer loan', 'a business loan', 'a housing fund loan', 'prepaying my loan', 'loan interest rates', 'changing my loan repayment date', 'a loan settlement certificate', 'a car loan', 'a renovation loan', 'switching my mortgage to LPR', 'a student loan'],
    wealth: ['buying a wealth product', 'a three-year fixed deposit', 'large certificates of deposit', 'a monthly fund investment plan', 'buying treasury bonds', 'the risk assessment', 'the gold accumulation plan', 'structured deposits', 'pension wealth products', 'redeeming a wealth product', 'foreign currency wealth products', 'fund subscription fees'],
  },
  questionFrames: [
    'What documents do I need for {k}?',
    'I would like to understand the process for {k}.',
    'How does {k} work?',
    'What are the conditions for {k}?',
    'I have a question about {k}.',
    'Can I handle {k} in mobile banking?',
    'How long does {k} take?',
    'A few questions about {k}.',
    'Is there a fee for {k}?',
    'Are there new rules on {k}?',
    'Could you explain {k} to me?',
    'Where can I arrange {k}?',
    'I do not know much about {k}, can you tell me more?',
    'Do I need to visit a branch for {k}?',
    'What exactly is required for {k}?',
  ],
  urgency: {
    urgent: ['this is extremely urgent', 'it is an emergency', 'please act immediately', 'it must be fixed right now', 'it has to be solved today', 'I need this done at once'],
    high: ['please deal with it soon', 'please give it priority', 'it is fairly pressing, please reply early', 'I expect a result this week', 'please hurry', 'please speed it up'],
    normal: ['please handle it the usual way', 'please check it', 'please follow up', 'please arrange it', 'please process it normally', 'the normal process is fine'],
    low: ['no rush', 'whenever you have time is fine', 'no hurry, take your time', 'no need to reply straight away', 'it is not time-sensitive', 'any time is fine'],
  },
  emotion: {
    angry: ['this is outrageous', 'I am furious', 'this is unacceptable', 'I am livid', 'this is ridiculous', 'I am very angry'],
    anxious: ['I am very worried', 'I am panicking', 'I am extremely anxious', 'I am scared', 'I feel very uneasy', 'I cannot sleep for worry'],
    calm: ['thank you', 'thanks for your help', 'much appreciated', 'many thanks', 'thanks a lot', 'thank you for understanding'],
  },
  clauseFrames: ['{K}.', 'Honestly, {k}.', '{K}!', 'All in all, {k}.', 'How I feel: {k}.', '{K}, please understand.', 'One last thing, {k}.', 'Anyway, {k}.', '{K}, that is all.'],
};
