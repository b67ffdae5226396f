// Results from the kept counts (ballot-counts.ts): pure functions, so that the rules (share, Borda points, small
// groups merged into 其他) read in one place and are tested without a database.
import {
  CONSULTATION_LIMITS,
  type ConsultationMode,
  type ConsultationTopic,
  type ResultGroup,
  type RollGroup,
  type TopicResult,
} from '@xst/shared-types';
import type { CountRow } from './ballot-counts.js';

/** The counts of one group of ballots: how many, and per topic how many ballots chose it at each rank position. */
export interface GroupCounts {
  ballots: number;
  /** Topic id → ballots by position (ranking mode; one position, 0, in the other modes). */
  positions: Map<string, number[]>;
}

export interface Tally {
  ballots: number;
  topics: TopicResult[];
  order?: string[];
}

const round4 = (n: number) => Math.round(n * 10000) / 10000;

export const emptyCounts = (): GroupCounts => ({ ballots: 0, positions: new Map() });

function addInto(into: GroupCounts, from: GroupCounts): GroupCounts {
  into.ballots += from.ballots;
  for (const [topicId, byPosition] of from.positions) {
    const mine = into.positions.get(topicId) ?? [];
    byPosition.forEach((n, i) => {
      mine[i] = (mine[i] ?? 0) + n;
    });
    into.positions.set(topicId, mine);
  }
  return into;
}

/** The kept count rows of one dimension ('all', 'industry' or 'city'), by group key; empty groups left out. */
export function groupsOf(rows: CountRow[], dimension: 'all' | 'industry' | 'city'): Map<string, GroupCounts> {
  const out = new Map<string, GroupCounts>();
  for (const r of rows) {
    if (r.dimension !== dimension) continue;
    if (!out.has(r.groupKey)) out.set(r.groupKey, emptyCounts());
    const g = out.get(r.groupKey)!;
    if (r.topicId === '') g.ballots += r.n;
    else {
      const byPosition = g.positions.get(r.topicId) ?? [];
      byPosition[r.position] = (byPosition[r.position] ?? 0) + r.n;
      g.positions.set(r.topicId, byPosition);
    }
  }
  for (const [key, g] of out) if (g.ballots <= 0) out.delete(key);
  return out;
}

/** Votes, shares and (ranking mode) Borda points of one group: a topic at position i earns topics − i points. */
export function tally(mode: ConsultationMode, topics: ConsultationTopic[], counts: GroupCounts): Tally {
  const { ballots } = counts;
  const results: TopicResult[] = topics.map((t) => {
    const byPosition = counts.positions.get(t.id) ?? [];
    let votes = 0;
    let points = 0;
    byPosition.forEach((n = 0, i) => {
      votes += n;
      points += n * (topics.length - i);
    });
    return {
      topicId: t.id,
      code: t.code,
      title: t.title,
      votes,
      share: ballots ? round4(votes / ballots) : 0,
      ...(mode === 'ranking' ? { points } : {}),
    };
  });
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
 * A group with fewer than minGroupSize ballots joins 其他. When 其他 itself would hold fewer than minGroupSize (its
 * figures being the total minus the shown groups), the smallest shown groups join it too, so no group of fewer than
 * five people can be read off, directly or by subtraction. The key 'other' (the industry 其他) belongs to 其他 from
 * the start.
 */
export function mergeSmallGroups(
  groups: Map<string, GroupCounts>,
  min: number = CONSULTATION_LIMITS.minGroupSize,
): { key: string; counts: GroupCounts }[] {
  const other = addInto(emptyCounts(), groups.get(OTHER_KEY) ?? emptyCounts());
  const shown = [...groups.entries()]
    .filter(([key]) => key !== OTHER_KEY)
    .map(([key, counts]) => ({ key, counts }))
    .sort((a, b) => b.counts.ballots - a.counts.ballots || a.key.localeCompare(b.key));
  while (shown.length && shown[shown.length - 1].counts.ballots < min) addInto(other, shown.pop()!.counts);
  while (other.ballots > 0 && other.ballots < min && shown.length) addInto(other, shown.pop()!.counts);
  return other.ballots ? [...shown, { key: OTHER_KEY, counts: other }] : shown;
}

export function breakdown(
  mode: ConsultationMode,
  topics: ConsultationTopic[],
  groups: Map<string, GroupCounts>,
  labelOf: (key: string) => string,
): ResultGroup[] {
  return mergeSmallGroups(groups).map((g) => {
    const t = tally(mode, topics, g.counts);
    return {
      key: g.key,
      label: g.key === OTHER_KEY ? OTHER_LABEL : labelOf(g.key),
      ballots: t.ballots,
      topics: t.topics.map(({ topicId, votes, share, points }) => ({ topicId, votes, share, ...(points !== undefined ? { points } : {}) })),
    };
  });
}

export function rollGroups(groups: Map<string, GroupCounts>, labelOf: (key: string) => string): RollGroup[] {
  return mergeSmallGroups(groups).map((g) => ({
    key: g.key,
    label: g.key === OTHER_KEY ? OTHER_LABEL : labelOf(g.key),
    ballots: g.counts.ballots,
  }));
}
