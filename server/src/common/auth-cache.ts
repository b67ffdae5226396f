// Signing in is checked on every request; this keeps the two costly parts of that check off the hot path:
// a token already verified is not verified again until it expires, and an account read is reused for a moment.
// A change to an account on this instance forgets it at once; other instances see it within USER_CACHE_MS.
import { Injectable } from '@nestjs/common';
import type { User } from '../identity/user.entity.js';
import type { TokenPayload } from './auth.js';

export const USER_CACHE_MS = 2000;
const MAX_ENTRIES = 50_000;

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value!);
  map.set(key, value);
}

@Injectable()
export class AuthCache {
  private readonly tokens = new Map<string, { payload: TokenPayload; expiresAt: number }>();
  private readonly users = new Map<string, { user: User; until: number }>();

  token(token: string): TokenPayload | null {
    const hit = this.tokens.get(token);
    if (!hit) return null;
    if (hit.expiresAt <= Date.now()) {
      this.tokens.delete(token);
      return null;
    }
    return hit.payload;
  }

  rememberToken(token: string, payload: TokenPayload & { exp?: number }): void {
    remember(this.tokens, token, { payload, expiresAt: payload.exp ? payload.exp * 1000 : Date.now() + 60_000 });
  }

  user(id: string): User | null {
    const hit = this.users.get(id);
    return hit && hit.until > Date.now() ? hit.user : null;
  }

  rememberUser(user: User): void {
    remember(this.users, user.id, { user, until: Date.now() + USER_CACHE_MS });
  }

  /** After any change to an account: its next request reads it afresh. */
  forgetUser(id: string): void {
    this.users.delete(id);
  }
}
