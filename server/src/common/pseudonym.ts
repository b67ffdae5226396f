import { createHmac } from 'node:crypto';

/**
 * The keyed pseudonym a worker's ballots and ratings are stored under: an HMAC, with a server secret, of the
 * person's stable WeChat identity (`person`, see personOf), never of the account row. One person always maps to the
 * same key — deleting the account and signing in again with the same WeChat identity finds the same ballots — yet
 * a copy of the database alone does not say who chose what.
 */
export function voterKey(secret: string, person: string): string {
  return createHmac('sha256', secret).update(person).digest('hex');
}

/** What identifies a person across accounts: the openid, or the unionid when the deployment keys on it. */
export function personOf(identity: 'openid' | 'unionid', session: { openid: string; unionid?: string }): string | null {
  if (identity === 'unionid') return session.unionid ? `unionid:${session.unionid}` : null;
  return `openid:${session.openid}`;
}

/**
 * The key of the caller's ballots. An account created before ballots were keyed on the person (person still unset,
 * until the re-keying at start reaches it) keeps the key of its account id, which its ballots are stored under.
 */
export function ballotKey(secret: string, auth: { userId: string; person?: string | null }): string {
  return voterKey(secret, auth.person ?? auth.userId);
}
