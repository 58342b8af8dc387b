// 脱敏: what a reader without the unmask permission sees, by data class. Masks keep enough to
// recognise a value on the phone with the customer and never enough to use it.

const star = (n: number) => '*'.repeat(Math.max(n, 0));

export function maskValue(dataClass: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value !== 'string') return '****';
  const v = value.trim();
  switch (dataClass) {
    case 'resident-id': // 110105********1234
      return v.length > 10 ? v.slice(0, 6) + star(v.length - 10) + v.slice(-4) : star(v.length);
    case 'phone': {
      // 138****5678
      const digits = v.replace(/\D/g, '');
      return digits.length >= 7 ? digits.slice(0, 3) + '****' + digits.slice(-4) : star(digits.length);
    }
    case 'bank-card': {
      // 6222 **** **** 1234
      const digits = v.replace(/\D/g, '');
      return digits.length >= 8 ? `${digits.slice(0, 4)} **** **** ${digits.slice(-4)}` : star(digits.length);
    }
    case 'account': {
      const digits = v.replace(/\s/g, '');
      return digits.length > 4 ? `****${digits.slice(-4)}` : '****';
    }
    case 'name': // 张*  /  J*** Smith → J****
      return [...v].length <= 1 ? '*' : [...v][0] + star([...v].length - 1);
    case 'email': {
      // z***@bank.cn
      const at = v.indexOf('@');
      return at > 0 ? `${v[0]}***${v.slice(at)}` : '***';
    }
    case 'address': {
      // Keep up to the district (区/县/市辖区), drop the street and number.
      const match = /^(.*?(?:区|县|旗))/.exec(v) ?? /^(.*?市)/.exec(v);
      return match ? `${match[1]}****` : '****';
    }
    case 'uscc':
      return v.length > 6 ? v.slice(0, 2) + star(v.length - 6) + v.slice(-4) : star(v.length);
    default:
      return '****';
  }
}
