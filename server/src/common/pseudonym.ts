import { createHmac } from 'node:crypto';

/**
 * The keyed pseudonym a worker's ballots and ratings are stored under: an HMAC of the worker id with a server secret.
 * One worker always maps to the same key, yet a copy of the database alone does not say who chose what.
 */
export function voterKey(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex');
}
