// Every schema change, in order. Each migration is hand-written and means the same on MySQL and SQLite.
import { Foundation1764000000001 } from './1764000000001-foundation.js';

export const MIGRATIONS = [Foundation1764000000001];
