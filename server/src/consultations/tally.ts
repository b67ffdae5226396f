// Counting ballots: pure functions over the rows of one consultation, so that the rules (share, Borda points,
// small groups merged into 其他) read in one place and are tested without a database.
import {
  CONSULTATION_LIMITS,
  type ConsultationMode,
  type ConsultationTopic,
  type ResultGroup,
  type RollGroup,
  type TopicResult,
} from '@xst/shared-types';

export interface TallyRow {
  /** Topic ids, most important first in ranking mode. */
  choices: string[];
  industry: string;
  cityCode: string;
}

export interface Tally {
  ballots: number;
  topics: TopicResult[];
  order?: string[];
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;

export function tally(mode: ConsultationMode, topics: ConsultationTopic[], rows: TallyRow[]): Tally {
  const votes = new Map(topics.map((t) => [t.id, 0]));
  const points = new Map(topics.map((t) => [t.id, 0]));
  for (const row of rows) {
    row.choices.forEach((id, i) => {
      if (!votes.has(id)) return;
      votes.set(id, votes.get(id)! + 1);
      points.set(id, points.get(id)! + (topics.length - i));
    });
  }
  const ballots = rows.length;
  const results: TopicResult[] = topics.map((t) => ({
    topicId: t.id,
    code: t.code,
    title: t.title,
    votes: votes.get(t.id)!,
    share: ballots ? round4(votes.get(t.id)! / ballots) : 0,
    ...(mode === 'ranking' ? { points: points.get(t.id)! } : {}),
  }));
  if (mode !== 'ranking') return { ballots, topics: results };
  const position = new Map(topics.map((t, i) => [t.id, i]));
  const order = [...results]
    .sort((a, b) => b.points! - a.points! || b.votes - a.votes || position.get(a.topicId)! - position.get(b.topicId)!)
    .map((r) => r.topicId);
  return { ballots, topics: results, order };
}

export const OTHER_KEY = 'other';
export const OTHER_LABEL = '其他';

/**
 * Splits rows into groups by `keyOf`; a group with fewer than minGroupSize ballots joins 其他. When 其他 itself
 * would hold fewer than minGroupSize (its figures being the total minus the shown groups), the smallest shown
 * groups join it too, so no group of fewer than five people can be read off, directly or by subtraction.
 * Rows whose key is already 'other' (the industry 其他) belong to 其他 from the start.
 */
export function groupRows<T>(rows: T[], keyOf: (row: T) => string, min = CONSULTATION_LIMITS.minGroupSize): { key: string; rows: T[] }[] {
  const byKey = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push(row);
  }
  const other: T[] = byKey.get(OTHER_KEY) ?? [];
  byKey.delete(OTHER_KEY);
  const shown = [...byKey.entries()]
    .map(([key, rows]) => ({ key, rows }))
    .sort((a, b) => b.rows.length - a.rows.length || a.key.localeCompare(b.key));
  while (shown.length && shown[shown.length - 1].rows.length < min) other.push(...shown.pop()!.rows);
  while (other.length > 0 && other.length < min && shown.length) other.push(...shown.pop()!.rows);
  return other.length ? [...shown, { key: OTHER_KEY, rows: other }] : shown;
}

export function breakdown(
  mode: ConsultationMode,
  topics: ConsultationTopic[],
  rows: TallyRow[],
  keyOf: (row: TallyRow) => string,
  labelOf: (key: string) => string,
): ResultGroup[] {
  return groupRows(rows, keyOf).map((g) => {
    const t = tally(mode, topics, g.rows);
    return {
      key: g.key,
      label: g.key === OTHER_KEY ? OTHER_LABEL : labelOf(g.key),
      ballots: t.ballots,
      topics: t.topics.map(({ topicId, votes, share, points }) => ({ topicId, votes, share, ...(points !== undefined ? { points } : {}) })),
    };
  });
}

export function rollGroups<T>(rows: T[], keyOf: (row: T) => string, labelOf: (key: string) => string): RollGroup[] {
  return groupRows(rows, keyOf).map((g) => ({
    key: g.key,
    label: g.key === OTHER_KEY ? OTHER_LABEL : labelOf(g.key),
    ballots: g.rows.length,
  }));
}
