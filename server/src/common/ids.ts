import { randomUUID } from 'node:crypto';

/** Identifiers are random UUIDs: never sequential, never guessable from another one. */
export const newId = (): string => randomUUID();

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
