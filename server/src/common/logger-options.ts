// The root pino logger's options: level, redaction, the request log's serializers, and the mask that keeps phone
// numbers out of every line.
import type { AppConfig } from '../config/config.js';

/** A mainland mobile number anywhere in a text (with +86, 0086 or 86 before it, or none), not inside a longer run. */
const PHONE_IN_TEXT = /(?<![0-9A-Za-z])(?:\+?(?:00)?86)?(1[3-9]\d)\d{4}(\d{4})(?![0-9A-Za-z])/g;

const HAS_PHONE = new RegExp(PHONE_IN_TEXT.source);

/** Phone numbers are personal data: every one a log line holds is written as 138****1234. */
export const maskPhonesInText = (text: string) => text.replace(PHONE_IN_TEXT, '$1****$2');

/**
 * Strings, plain objects, arrays and errors, copied with their phone numbers masked. Other objects (the request and
 * response the request log hands its serializers) pass untouched: their serializers write only what is safe.
 */
function maskPhonesIn(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return HAS_PHONE.test(value) ? maskPhonesInText(value) : value;
  if (!value || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => maskPhonesIn(v, depth + 1));
  if (value instanceof Error) {
    const masked = new Error(maskPhonesInText(value.message));
    masked.name = value.name;
    masked.stack = value.stack && maskPhonesInText(value.stack);
    return Object.assign(masked, maskPhonesIn({ ...value }, depth + 1));
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskPhonesIn(v, depth + 1);
  return out;
}

/** The root pino logger: level, redaction, and the request serializer of the request log (one JSON line per request). */
export function loggerOptions(config: AppConfig) {
  return {
    level: config.logLevel,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.contactPhone', 'contactPhone'],
      censor: '[redacted]',
    },
    hooks: {
      // Whatever a message or its object carries (an error from a provider, a value someone logs), no phone number
      // reaches the log in clear.
      logMethod(this: unknown, args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => maskPhonesIn(a)),
        );
      },
    },
    serializers: {
      // Query strings may carry a login code or an export token: log the path only.
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      // Fastify writes response headers straight to the socket: the status is what there is to log.
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}
