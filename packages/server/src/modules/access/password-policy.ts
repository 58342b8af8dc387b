import type { FieldError } from '../../platform/http/problem.ts';

// NIST SP 800-63B §5.1.1.2: a length floor, no composition rules, and refusal of values known
// to be common or derived from the account. Length is counted in code points, so 中文 passphrases
// are measured as the user sees them.
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// A small list of the most common passwords of length ≥ 12 and their obvious patterns (from the
// public breach top lists); anything shorter is already refused by length.
const COMMON_PASSWORDS = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456123456', '123123123123',
  '111111111111', '000000000000', '123412341234', '121212121212', '987654321098',
  'qwertyuiopas', 'qwertyuiop123', 'qwerty123456', '1qaz2wsx3edc', '1q2w3e4r5t6y',
  'zaq12wsxcde3', 'qazwsxedcrfv', 'asdfghjkl123', 'abcdefghijkl', 'abc123abc123',
  'password1234', 'password12345', 'password123!', 'passwordpassword', 'p@ssw0rd1234',
  'p@ssword1234', 'iloveyou1234', 'welcome12345', 'welcome@1234', 'letmein12345',
  'changeme1234', 'administrator', 'admin1234567', 'admin@123456', 'adminadmin123',
  'football1234', 'baseball1234', 'sunshine1234', 'princess1234', 'superman1234',
  'trustno1trustno1', 'monkey123456', 'dragon123456', 'master123456', 'michael12345',
  'woaini1314520', 'woaini123456', '5201314520131', 'aa1234567890', 'a12345678910',
  'qq1234567890', 'zxcvbnm12345', 'zxcvbnmasdfg', '1234qwerasdf', 'qwer1234asdf',
  'bank12345678', 'docket123456', 'docketdocket', 'passw0rd1234', 'p4ssw0rd1234',
]);

/** Every reason the password is refused; empty when it is acceptable. */
export function checkPasswordPolicy(password: string, context: { username: string }): FieldError[] {
  const errors: FieldError[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) errors.push({ field: 'password', reason: `must be at least ${PASSWORD_MIN_LENGTH} characters` });
  if (length > PASSWORD_MAX_LENGTH) errors.push({ field: 'password', reason: `must be at most ${PASSWORD_MAX_LENGTH} characters` });
  const lowered = password.toLowerCase();
  const username = context.username.toLowerCase();
  if (username.length > 0 && (lowered === username || (username.length >= 4 && lowered.includes(username)))) {
    errors.push({ field: 'password', reason: 'must not contain the username' });
  }
  if (COMMON_PASSWORDS.has(lowered) || isOneRepeatedCharacter(password)) {
    errors.push({ field: 'password', reason: 'is too common; choose a longer passphrase' });
  }
  return errors;
}

function isOneRepeatedCharacter(password: string): boolean {
  const chars = [...password];
  return chars.length > 0 && chars.every((c) => c === chars[0]);
}
