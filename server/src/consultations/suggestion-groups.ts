// Thousands of suggestions made readable: the same text (after normalising) counted once, similar texts grouped by
// the words they share. Everything here is ordered by counts and texts, never by arrival, and is deterministic: the
// same suggestions give the same groups, ids and order.
import { createHash } from 'node:crypto';

/** Width (NFKC), case, punctuation, symbols and spaces do not make a text different. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\p{C}\s]/gu, '');
}

/** A normalised text's key: fixed length, for ids, cursors and stored merges. */
export const textKey = (norm: string) => createHash('sha256').update(norm, 'utf8').digest('hex').slice(0, 32);

// Words that say nothing about what is asked for (the way suggestions are phrased, not their content).
const STOP_WORDS = new Set(
  (
    '希望 建议 要求 能够 可以 应该 需要 我们 你们 他们 大家 一下 一些 这个 那个 这些 那些 就是 还是 或者 而且 但是 因为 所以 ' +
    '如果 然后 现在 已经 非常 比较 有点 一点 真的 不要 没有 什么 怎么 为什么 感觉 觉得 认为 还有 以及 进行 问题 方面 其他 ' +
    '平台方 请求 恳请 强烈 尽快 一定 多多 谢谢 麻烦 关于 对于 作为 通过 能否 是否 给予'
  ).split(' '),
);

/** The words of a normalised text that carry its content: two characters or more, not a stop word. */
export function termsOf(words: string[], norm: string): string[] {
  const out = new Set<string>();
  for (const w of words) {
    if ([...w].length < 2 || STOP_WORDS.has(w) || /^\d+$/.test(w)) continue;
    out.add(w);
  }
  // A text of stop words or single characters still groups with its own kind.
  if (!out.size) out.add(norm);
  return [...out];
}

export interface DistinctText {
  key: string;
  norm: string;
  /** The way most of its writers wrote it; ties: the shortest, then the first in text order. */
  text: string;
  count: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Most written first, then by key: neither says anything about arrival. */
const bySize = (a: { count: number; key: string }, b: { count: number; key: string }) => b.count - a.count || byText(a.key, b.key);

/** The suggestions (one per ballot) as distinct texts with their counts; texts that are only punctuation are left out. */
export function distinctTexts(suggestions: string[]): DistinctText[] {
  const forms = new Map<string, Map<string, number>>();
  for (const raw of suggestions) {
    const text = raw.trim();
    const norm = normalise(text);
    if (!norm) continue;
    const f = forms.get(norm) ?? new Map<string, number>();
    forms.set(norm, f);
    f.set(text, (f.get(text) ?? 0) + 1);
  }
  const out: DistinctText[] = [];
  for (const [norm, f] of forms) {
    let text = '';
    let best = 0;
    let count = 0;
    for (const [t, n] of f) {
      count += n;
      // Ties: the plainest form (the shortest: fewest stray marks and spaces), then text order.
      if (n > best || (n === best && (t.length < text.length || (t.length === text.length && byText(t, text) < 0)))) [text, best] = [t, n];
    }
    out.push({ key: textKey(norm), norm, text, count });
  }
  return out.sort(bySize);
}

export interface Group {
  id: string;
  /** The key of the group's leading text (its most written one). */
  key: string;
  count: number;
  texts: DistinctText[];
  terms: string[];
}

/** Two texts are alike when they share at least half of the words of both together (Jaccard ≥ 0.5). */
export const SIMILARITY = 0.5;

/**
 * Groups the distinct texts: each text, most written first, joins the most alike group whose leading text it
 * resembles (SIMILARITY), or leads a new one. Then `merges` (pairs of text keys an organizer joined) join the groups
 * that hold them. Groups come most written first.
 */
export function groupTexts(
  texts: DistinctText[],
  terms: (t: DistinctText) => string[],
  merges: [string, string][],
  idOf: (key: string) => string,
): Group[] {
  const leaders: { terms: Set<string>; members: DistinctText[]; termsOf: Map<string, string[]> }[] = [];
  const index = new Map<string, number[]>();
  for (const t of texts) {
    const own = terms(t);
    let best = -1;
    let bestScore = 0;
    const seen = new Set<number>();
    for (const w of own) {
      for (const g of index.get(w) ?? []) {
        if (seen.has(g)) continue;
        seen.add(g);
        const lead = leaders[g].terms;
        let shared = 0;
        for (const x of own) if (lead.has(x)) shared++;
        const score = shared / (own.length + lead.size - shared);
        if (score > bestScore || (score === bestScore && g < best)) [best, bestScore] = [g, score];
      }
    }
    if (best >= 0 && bestScore >= SIMILARITY) {
      leaders[best].members.push(t);
      leaders[best].termsOf.set(t.key, own);
      continue;
    }
    const g = leaders.length;
    leaders.push({ terms: new Set(own), members: [t], termsOf: new Map([[t.key, own]]) });
    for (const w of own) {
      const list = index.get(w);
      if (list) list.push(g);
      else index.set(w, [g]);
    }
  }

  // Merges: a union of the groups holding each pair's texts; the larger side (then the earlier) leads the union.
  const parent = leaders.map((_, i) => i);
  const size = leaders.map((l) => l.members.reduce((n, m) => n + m.count, 0));
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i];
    return i;
  };
  const groupOfKey = new Map<string, number>();
  leaders.forEach((l, i) => {
    for (const m of l.members) groupOfKey.set(m.key, i);
  });
  for (const [a, b] of merges) {
    const ga = groupOfKey.get(a);
    const gb = groupOfKey.get(b);
    if (ga === undefined || gb === undefined) continue;
    const [ra, rb] = [root(ga), root(gb)];
    if (ra === rb) continue;
    const [lead, other] = size[ra] > size[rb] || (size[ra] === size[rb] && ra < rb) ? [ra, rb] : [rb, ra];
    parent[other] = lead;
    size[lead] += size[other];
  }
  const joined = new Map<number, { members: DistinctText[]; termsOf: Map<string, string[]> }>();
  leaders.forEach((l, i) => {
    const r = root(i);
    const into = joined.get(r);
    if (!into) joined.set(r, { members: [...l.members], termsOf: new Map(l.termsOf) });
    else {
      into.members.push(...l.members);
      for (const [k, v] of l.termsOf) into.termsOf.set(k, v);
    }
  });

  const groups: Group[] = [];
  for (const [r, { members, termsOf: memberTerms }] of joined) {
    // The group is known by its leading text: the first of the group that leads the union.
    const key = leaders[r].members[0].key;
    members.sort(bySize);
    const weight = new Map<string, number>();
    for (const m of members) for (const w of memberTerms.get(m.key) ?? []) weight.set(w, (weight.get(w) ?? 0) + m.count);
    const top = [...weight].sort((a, b) => b[1] - a[1] || byText(a[0], b[0])).slice(0, 4);
    groups.push({
      id: idOf(key),
      key,
      count: members.reduce((n, m) => n + m.count, 0),
      texts: members,
      terms: top.map(([w]) => w),
    });
  }
  return groups.sort(bySize);
}
