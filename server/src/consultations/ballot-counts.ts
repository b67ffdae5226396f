// The counts kept beside the ballots (table ballot_counts): what each ballot adds to the results, written in the
// ballot batch's own transaction, so that reading results costs the number of topics and groups, not of ballots.
// A recount from the ballots rebuilds the same rows; operators compare or repair with `cli.js recount`.
import type { ConsultationMode } from '@xst/shared-types';
import type { EntityManager } from 'typeorm';
import { MAX_SHAPE, padded } from '../database/statement-shapes.js';

/**
 * What a row counts. 'all', 'industry' and 'city' split the ballots (groupKey '' for all of them, else the industry
 * or the city code); within each, topicId '' counts the ballots and a topic's rows count the ballots choosing it, by
 * rank position in ranking mode (position 0 in the other modes). 'suggestion' counts the ballots with a suggestion.
 */
export type CountDimension = 'all' | 'industry' | 'city' | 'suggestion';

export interface CountKey {
  dimension: CountDimension;
  groupKey: string;
  topicId: string;
  position: number;
}

export interface CountRow extends CountKey {
  n: number;
}

/** A ballot as the counts see it. */
export interface CountedBallot {
  choices: string[];
  industry: string;
  cityCode: string;
  suggestion: boolean;
}

const SEP = '\u0000';
const keyOf = (k: CountKey) => k.dimension + SEP + k.groupKey + SEP + k.topicId + SEP + k.position;
/** Key order: dimension, group, topic, then position as a number. Every writer locks the rows in this order. */
const text = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
const byKey = (a: CountKey, b: CountKey) =>
  text(a.dimension, b.dimension) || text(a.groupKey, b.groupKey) || text(a.topicId, b.topicId) || a.position - b.position;

/** Counts being added up, by key; adding a ballot with sign −1 takes it away again. */
export class CountTally {
  // dimension → group → topic → rows by position. The hot path of every ballot batch: nested maps keyed by the
  // strings the ballots already hold, so that counting a row makes no new key string and no object once it exists.
  private readonly rows = new Map<CountDimension, Map<string, Map<string, CountRow[]>>>();

  add(mode: ConsultationMode, b: CountedBallot, sign: 1 | -1 = 1): void {
    const ranked = mode === 'ranking';
    this.group('all', '', b.choices, ranked, sign);
    this.group('industry', b.industry, b.choices, ranked, sign);
    this.group('city', b.cityCode, b.choices, ranked, sign);
    if (b.suggestion) this.bump(this.topics('suggestion', ''), 'suggestion', '', '', 0, sign);
  }

  private topics(dimension: CountDimension, groupKey: string): Map<string, CountRow[]> {
    let groups = this.rows.get(dimension);
    if (!groups) {
      groups = new Map();
      this.rows.set(dimension, groups);
    }
    let topics = groups.get(groupKey);
    if (!topics) {
      topics = new Map();
      groups.set(groupKey, topics);
    }
    return topics;
  }

  private bump(
    topics: Map<string, CountRow[]>,
    dimension: CountDimension,
    groupKey: string,
    topicId: string,
    position: number,
    by: number,
  ): void {
    let positions = topics.get(topicId);
    if (!positions) {
      positions = [];
      topics.set(topicId, positions);
    }
    const row = positions[position];
    if (row) row.n += by;
    else positions[position] = { dimension, groupKey, topicId, position, n: by };
  }

  private group(dimension: CountDimension, groupKey: string, choices: string[], ranked: boolean, sign: number): void {
    const topics = this.topics(dimension, groupKey);
    this.bump(topics, dimension, groupKey, '', 0, sign);
    for (let i = 0; i < choices.length; i++) this.bump(topics, dimension, groupKey, choices[i], ranked ? i : 0, sign);
  }

  /** The rows that are not zero, in key order: the order every writer locks them in. */
  changed(): CountRow[] {
    const out: CountRow[] = [];
    for (const groups of this.rows.values())
      for (const topics of groups.values())
        for (const positions of topics.values()) for (const r of positions) if (r && r.n !== 0) out.push(r);
    return out.sort(byKey);
  }
}

/**
 * Adds deltas to the kept counts of one consultation: additive upserts, many rows a statement, in key order (on
 * SQLite padded to a statement shape with repeats of the last row adding 0, so the statement stays prepared).
 */
export async function addCounts(em: EntityManager, mysql: boolean, consultationId: string, rows: CountRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += MAX_SHAPE) {
    const slice = rows.slice(i, i + MAX_SHAPE);
    const chunk = mysql ? slice : padded(slice, (last) => ({ ...last, n: 0 }));
    const params: unknown[] = [];
    for (const r of chunk) params.push(consultationId, r.dimension, r.groupKey, r.topicId, r.position, r.n);
    const insert = `INSERT INTO ballot_counts (consultationId, dimension, groupKey, topicId, position, n) VALUES ${chunk
      .map(() => '(?, ?, ?, ?, ?, ?)')
      .join(', ')}`;
    await em.query(
      mysql
        ? `${insert} ON DUPLICATE KEY UPDATE n = n + VALUES(n)`
        : `${insert} ON CONFLICT(consultationId, dimension, groupKey, topicId, position) DO UPDATE SET n = n + excluded.n`,
      params,
    );
  }
}

/** The kept counts of one consultation. */
export async function keptCounts(em: EntityManager, consultationId: string): Promise<CountRow[]> {
  const rows: { dimension: CountDimension; groupKey: string; topicId: string; position: number | string; n: number | string }[] =
    await em.query('SELECT dimension, groupKey, topicId, position, n FROM ballot_counts WHERE consultationId = ?', [consultationId]);
  return rows.map((r) => ({
    dimension: r.dimension,
    groupKey: r.groupKey,
    topicId: r.topicId,
    position: Number(r.position),
    n: Number(r.n),
  }));
}

const PAGE = 5000;

/** Counts one consultation from its ballots, read in pages along the (consultationId, voterKey) index. */
export async function countFromBallots(em: EntityManager, consultationId: string, mode: ConsultationMode): Promise<CountRow[]> {
  const tally = new CountTally();
  let after = '';
  for (;;) {
    const page: { voterKey: string; choices: string; industry: string; cityCode: string; hasSuggestion: number | string }[] =
      await em.query(
        `SELECT voterKey, choices, industry, cityCode, CASE WHEN suggestion IS NULL THEN 0 ELSE 1 END AS hasSuggestion
         FROM ballots WHERE consultationId = ? AND voterKey > ? ORDER BY voterKey LIMIT ${PAGE}`,
        [consultationId, after],
      );
    for (const b of page) {
      tally.add(mode, {
        choices: JSON.parse(b.choices),
        industry: b.industry,
        cityCode: b.cityCode,
        suggestion: Number(b.hasSuggestion) === 1,
      });
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1].voterKey;
  }
  return tally.changed();
}

export interface CountDifference extends CountKey {
  kept: number;
  recounted: number;
}

/** Rows where the kept counts and a recount disagree (a row missing on one side counts as 0 there). */
export function compareCounts(kept: CountRow[], recounted: CountRow[]): CountDifference[] {
  const out = new Map<string, CountDifference>();
  const at = (r: CountRow) => {
    const k = keyOf(r);
    if (!out.has(k))
      out.set(k, { dimension: r.dimension, groupKey: r.groupKey, topicId: r.topicId, position: r.position, kept: 0, recounted: 0 });
    return out.get(k)!;
  };
  for (const r of kept) at(r).kept += r.n;
  for (const r of recounted) at(r).recounted += r.n;
  return [...out.values()].filter((d) => d.kept !== d.recounted).sort(byKey);
}

/** Replaces the kept counts of one consultation with a recount, inside the caller's transaction. */
export async function rebuildCounts(em: EntityManager, mysql: boolean, consultationId: string, mode: ConsultationMode): Promise<void> {
  // Deleting first takes the write lock (SQLite) before the ballots are read; on MySQL the caller holds the
  // consultation's row lock, which every ballot batch takes too.
  await em.query('DELETE FROM ballot_counts WHERE consultationId = ?', [consultationId]);
  await addCounts(em, mysql, consultationId, await countFromBallots(em, consultationId, mode));
}
