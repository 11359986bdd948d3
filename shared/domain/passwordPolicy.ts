import COMMON_PASSWORDS from './commonPasswords.json';

/**
 * The password policy (等保 2.0 身份鉴别): long enough, of at least two kinds of characters, not the
 * username, not a commonly used password. Pure, shared: the server judges with it (account
 * creation, the change-password page) and the client shows the same rules while one types.
 */

/** Never below this, whatever PASSWORD_MIN_LENGTH says. */
export const PASSWORD_MIN_LENGTH_FLOOR = 8;
/** PASSWORD_MIN_LENGTH unset. */
export const DEFAULT_PASSWORD_MIN_LENGTH = 10;
/** At least this many of: lowercase letters, uppercase letters, digits, other characters. */
export const PASSWORD_MIN_CLASSES = 2;

export interface PasswordPolicy {
  minLength: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minLength: DEFAULT_PASSWORD_MIN_LENGTH };

/** The configured minimum length, raised to the floor (8) and to a whole number. */
export function passwordPolicy(minLength: number | undefined = DEFAULT_PASSWORD_MIN_LENGTH): PasswordPolicy {
  const wanted = Number.isFinite(minLength) ? Math.floor(minLength) : DEFAULT_PASSWORD_MIN_LENGTH;
  return { minLength: Math.max(PASSWORD_MIN_LENGTH_FLOOR, wanted) };
}

export type PasswordRule = 'length' | 'classes' | 'username' | 'common';

export const PASSWORD_MESSAGES = {
  length: (min: number) => `密码至少 ${min} 位。`,
  classes: '密码须包含大写字母、小写字母、数字、符号中的至少两类。',
  username: '密码不能包含用户名。',
  common: '这是常见密码，很容易被猜到，请换一个。',
  same: '新密码不能与当前密码相同。',
} as const;

/** The rules in the order a person reads them (the change-password page lists them). */
export const PASSWORD_RULES: PasswordRule[] = ['length', 'classes', 'username', 'common'];

/** The rules as requirements, for the checklist shown while one types (the refusals above say what is wrong). */
export const PASSWORD_RULE_LABELS = {
  length: (min: number) => `至少 ${min} 位`,
  classes: '包含大写字母、小写字母、数字、符号中的至少两类',
  username: '不包含用户名',
  common: '不是常见密码（如 123456、woaini1314、qq123456）',
} as const;

export function ruleLabel(rule: PasswordRule, policy: PasswordPolicy): string {
  return rule === 'length' ? PASSWORD_RULE_LABELS.length(policy.minLength) : PASSWORD_RULE_LABELS[rule];
}

export function ruleText(rule: PasswordRule, policy: PasswordPolicy): string {
  return rule === 'length' ? PASSWORD_MESSAGES.length(policy.minLength) : PASSWORD_MESSAGES[rule];
}

const common = new Set<string>(COMMON_PASSWORDS as string[]);

/** In the list of commonly used passwords (case-insensitive, ignoring spaces around it). */
export function isCommonPassword(password: string): boolean {
  return common.has(password.trim().toLowerCase());
}

export function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
}

/** Every rule the password breaks (empty: acceptable), in PASSWORD_RULES order. */
export function passwordProblems(password: string, username: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): PasswordRule[] {
  const problems: PasswordRule[] = [];
  // Counted in characters a person sees (an emoji is one), as the client's counter shows.
  if ([...password].length < policy.minLength) problems.push('length');
  if (characterClasses(password) < PASSWORD_MIN_CLASSES) problems.push('classes');
  const name = username.trim().toLowerCase();
  if (name && password.toLowerCase().includes(name)) problems.push('username');
  if (isCommonPassword(password)) problems.push('common');
  return problems;
}

/** The first broken rule's sentence, or null when the password is acceptable. */
export function passwordRefusal(password: string, username: string, policy: PasswordPolicy = DEFAULT_PASSWORD_POLICY): string | null {
  const [first] = passwordProblems(password, username, policy);
  return first ? ruleText(first, policy) : null;
}
