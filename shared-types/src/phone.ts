// Mainland mobile numbers (an organization's 联系手机): one form stored, one mask shown, on both sides.

/** 11 digits starting 13–19. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/**
 * A mainland mobile number as 11 digits, from the ways people type it (+86, 0086 or 86 before it, spaces, dashes);
 * null when it is not one.
 */
export function normalizeMobile(raw: string): string | null {
  let s = raw.trim().replace(/[\s\-()（）]/g, '');
  if (s.startsWith('+')) s = s.slice(1);
  if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2);
  return MOBILE_PATTERN.test(s) ? s : null;
}

/** 138****1234: what lists, logs and everyone but the people responsible for the number see. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
