import type { EpisodeHeading } from '../domain/episodeHeading';
import { z } from 'zod';
import { MESSAGE_RETENTION_YEARS, type MessageStatus } from '../domain/onlineMessages';
import { CALLER_TITLES } from '../domain/types';
import { LIMITS } from './commands';
import { nameText, phoneNumber, requiredLongText } from './text';

/**
 * The HTTP bodies of the public message page (server/http/publicMessageRoutes.ts): leave a message,
 * look a receipt up. The free text goes through the same cleaning and limits as the operator's card
 * (shared/protocol/text.ts); the phone through the same rule (shared/domain/phone.ts). Unlike a call,
 * a message may not be anonymous: its number is what the receipt lookup asks for.
 */

/** The longest ALTCHA payload accepted (base64 JSON of the challenge and its solution: about 600 bytes). */
export const ALTCHA_PAYLOAD_MAX = 4000;

export const PublicMessageBody = z
  .object({
    title: z.enum(CALLER_TITLES),
    name: nameText(LIMITS.shortText),
    phone: phoneNumber(LIMITS.phone).refine((value) => value !== '', { message: 'phone_required' }),
    area: nameText(LIMITS.shortText),
    category: nameText(LIMITS.category),
    text: requiredLongText(LIMITS.summary),
    consent: z.literal(true),
    altcha: z.string().min(1).max(ALTCHA_PAYLOAD_MAX),
  })
  .strict();
export type PublicMessageInput = z.infer<typeof PublicMessageBody>;

export const ReceiptLookupBody = z
  .object({
    code: z.string().max(40),
    last4: z.string().max(10),
  })
  .strict();

/** The form fields, in the order the page shows them (the first problem gets the focus). */
export const MESSAGE_FIELDS = ['title', 'name', 'phone', 'area', 'category', 'text', 'consent', 'altcha'] as const;
export type MessageField = (typeof MESSAGE_FIELDS)[number];

/** The Chinese sentence for each field's problems, in the words of the public page. */
export const MESSAGE_FIELD_MESSAGES = {
  title: '请选择称呼（先生或女士）。',
  name: `姓名不能超过 ${LIMITS.shortText} 个字。`,
  phoneRequired: '请填写联系电话：查询留言办理情况时要用到它的后四位。',
  phoneFormat: '联系电话格式不对：请填写 11 位手机号，或带区号的座机号（如 0516-83901234）。',
  area: `所在区域不能超过 ${LIMITS.shortText} 个字。`,
  category: `诉求类别不能超过 ${LIMITS.category} 个字。`,
  textRequired: '请填写留言内容。',
  textTooLong: `留言内容不能超过 ${LIMITS.summary} 个字。`,
  invisibleOnly: '不能只包含看不见的字符，请填写内容。',
  nul: '含有无法保存的不可见字符，请删除后重试。',
  consent: '请阅读并勾选同意《个人信息使用说明》后再提交。',
  altchaMissing: '安全验证尚未完成，请稍候几秒再提交。',
  altchaInvalid: '安全验证未通过或已过期，请重新验证后再提交。',
  unknownField: '提交的内容含有页面之外的字段，请刷新页面后重试。',
  notJson: '提交的内容格式不对，请刷新页面后重试。',
  receiptCode: '回执编号格式不对：共 10 位字母和数字（如 K7MQ2-XH4PD）。',
  last4: '请填写留言时所留电话号码的后四位数字。',
} as const;

const NAMED_FIELD_LABELS: Record<string, string> = { name: '姓名', area: '所在区域', category: '诉求类别', text: '留言内容' };

/** Every problem of a failed parse of the message body, one sentence per field (the first for each). */
export function describeMessageProblems(error: z.ZodError): Partial<Record<MessageField | 'form', string>> {
  const out: Partial<Record<MessageField | 'form', string>> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form') as MessageField | 'form';
    if (out[field]) continue;
    out[field] = sentenceFor(field, issue);
  }
  return out;
}

function sentenceFor(field: MessageField | 'form', issue: z.core.$ZodIssue): string {
  const m = MESSAGE_FIELD_MESSAGES;
  if (issue.code === 'unrecognized_keys' || field === 'form') return issue.code === 'unrecognized_keys' ? m.unknownField : m.notJson;
  if (issue.code === 'custom' && issue.message === 'nul_char') return `${NAMED_FIELD_LABELS[field] ?? ''}${m.nul}`;
  if (issue.code === 'custom' && issue.message === 'invisible_only') return `${NAMED_FIELD_LABELS[field] ?? ''}${m.invisibleOnly}`;
  switch (field) {
    case 'title':
      return m.title;
    case 'name':
      return issue.code === 'too_big' ? m.name : '姓名格式不对。';
    case 'phone': {
      const blank = typeof issue.input === 'string' ? issue.input.trim() === '' : issue.input === undefined;
      return blank || issue.message === 'phone_required' ? m.phoneRequired : m.phoneFormat;
    }
    case 'area':
      return issue.code === 'too_big' ? m.area : '所在区域格式不对。';
    case 'category':
      return issue.code === 'too_big' ? m.category : '诉求类别格式不对。';
    case 'text':
      return issue.code === 'too_big' ? m.textTooLong : m.textRequired;
    case 'consent':
      return m.consent;
    case 'altcha':
      return m.altchaMissing;
  }
}

/** The consent the page asks for (个人信息保护法 第十四条、第十七条: purpose, what, how long, who). */
export const CONSENT_TEXT = {
  title: '个人信息使用说明',
  body: [
    '您填写的称呼、姓名、联系电话、所在区域和留言内容，仅用于本节目受理、转办您的诉求，以及节目组和承办单位与您联系、回访办理情况。',
    '大屏和节目中只显示您的姓氏与称呼（如“王先生”）和隐去中间四位的电话号码；完整号码只有接线员和督办人员可见。',
    `留言信息自提交之日起保存 ${MESSAGE_RETENTION_YEARS} 年，期满后删除或匿名化处理；您可拨打12345热线查询、更正或要求删除。`,
  ],
  checkbox: '我已阅读并同意《个人信息使用说明》，同意为上述目的使用我的个人信息。',
} as const;

/** What the public page is told about an episode: nothing but what the programme announces. */
export interface PublicMessageEpisode extends EpisodeHeading {
  unitNames: string[];
  leaders: Array<{ name: string; title: string }>;
}

export interface MessageFormData {
  episode: PublicMessageEpisode;
  /** Whether this episode takes messages now (planned or live). */
  open: boolean;
  /** The active categories of the controlled list, in list order. */
  categories: string[];
}

export interface MessageReceipt {
  receipt: string;
  /** When the message was received (ISO), as the studio records it. */
  receivedAt: string;
  /** True when this was the same message sent again: the first receipt is returned, nothing new stored. */
  duplicate: boolean;
}

export interface ReceiptStatus {
  status: MessageStatus;
  label: string;
}

/** The HTTP answer of a refused message: a code, one sentence, and one sentence per field when the fields were at fault. */
export interface MessageRefusal {
  code: string;
  message: string;
  fields?: Partial<Record<MessageField, string>>;
}
