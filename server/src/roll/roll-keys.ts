// Codes and phone numbers never reach the database as themselves: only keyed hashes do (HMAC-SHA256 with a key
// derived from the server's ballot secret, one key per use). A code is itself derived from that secret, its sheet and
// its number, so the sheet can be printed again while the database holds no code.
import { ROLL_LIMITS } from '@xst/shared-types';
import { createHmac } from 'node:crypto';

/** 32 symbols without 0/O, 1/I: five bits each, easy to read off paper and type on a phone. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

const keyFor = (secret: string, purpose: string) => createHmac('sha256', secret).update(`xst:roll:${purpose}`).digest();

export class RollKeys {
  private readonly codeSeed: Buffer;
  private readonly codeHash: Buffer;
  private readonly phoneHash: Buffer;

  constructor(secret: string) {
    this.codeSeed = keyFor(secret, 'code-seed');
    this.codeHash = keyFor(secret, 'code-key');
    this.phoneHash = keyFor(secret, 'phone-key');
  }

  /** The code printed as number `n` of sheet `batchId`. */
  code(batchId: string, n: number): string {
    const bytes = createHmac('sha256', this.codeSeed).update(`${batchId}:${n}`).digest();
    let out = '';
    for (let i = 0; i < ROLL_LIMITS.codeLength; i++) out += CODE_ALPHABET[bytes[i] % 32];
    return out;
  }

  /** The stored hash of a code (already normalized). */
  codeKey(code: string): string {
    return createHmac('sha256', this.codeHash).update(code).digest('hex');
  }

  /** The stored hash of a phone number (already normalized to its 11 digits). */
  phoneKey(phone: string): string {
    return createHmac('sha256', this.phoneHash).update(phone).digest('hex');
  }
}

/** A code as a person typed it: case, spaces and dashes ignored; null when it cannot be a code. */
export function normalizeCode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== ROLL_LIMITS.codeLength) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** A code as printed: two groups of five. */
export const formatCode = (code: string) => `${code.slice(0, 5)}-${code.slice(5)}`;

/**
 * A mainland mobile number as 11 digits, from the forms rosters and WeChat give it in (+86, 0086, 86 prefixes, spaces,
 * dashes, a number Excel stored as a numeric cell); null when it is not one.
 */
export function normalizePhone(raw: string | number): string | null {
  let s = String(raw)
    .trim()
    .replace(/[\s\-()（）]/g, '');
  if (s.startsWith('+')) s = s.slice(1);
  if (s.startsWith('0086')) s = s.slice(4);
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2);
  return /^1[3-9]\d{9}$/.test(s) ? s : null;
}
