// The workers' suggestions of a consultation as groups people can read: published ones only, counted, grouped,
// searched and paged by counts and texts (never by arrival); organizers join groups and take them as files.
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  GROUP_SAMPLES,
  type SuggestionGroup,
  type SuggestionGroupsPage,
  type SuggestionsSummary,
  type SuggestionText,
  type SuggestionTextsPage,
} from '@xst/shared-types';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Repository } from 'typeorm';
import type { AuthContext } from '../common/auth.js';
import { conflict, invalid, notFound } from '../common/errors.js';
import type { ConsultationEntity } from './consultation.entity.js';
import { ConsultationsService, type PublishedSuggestions } from './consultations.service.js';
import { type DistinctText, distinctTexts, type Group, groupTexts, normalise, termsOf } from './suggestion-groups.js';
import { SuggestionMergeEntity } from './suggestion.entity.js';
import type { MergeSuggestionsDto, SuggestionsQueryDto, SuggestionTextsQueryDto } from './suggestions.dto.js';

/** Word segmentation (jieba, through @node-rs/jieba): its dictionary is loaded on the first use, once. */
let jieba: { cut(text: string, hmm?: boolean): string[] } | undefined;
function segmenter() {
  if (!jieba) {
    const require = createRequire(import.meta.url);
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

interface Grouped {
  summary: SuggestionsSummary;
  groups: Group[];
}

const PAGE = 20;
const TEXTS_PAGE = 50;

const encode = (values: (string | number)[]) => Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
function decode(cursor: string): [number, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && Number.isInteger(v[0]) && typeof v[1] === 'string' && /^[0-9a-f]{32}$/.test(v[1])) {
      return v as [number, string];
    }
  } catch {}
  throw invalid('cursor', '翻页位置 cursor 无效，请从第一页重新加载');
}
/** The items after the cursor in the (count desc, key asc) order. */
function afterCursor<T extends { count: number; key: string }>(items: T[], cursor?: string): T[] {
  if (!cursor) return items;
  const [count, key] = decode(cursor);
  return items.filter((i) => i.count < count || (i.count === count && i.key > key));
}
function page<T extends { count: number; key: string }, U>(
  items: T[],
  q: { cursor?: string; limit?: number },
  size: number,
  present: (t: T) => U,
) {
  const rest = afterCursor(items, q.cursor);
  const limit = q.limit ?? size;
  const shown = rest.slice(0, limit);
  const last = shown[shown.length - 1];
  return { items: shown.map(present), next: rest.length > limit && last ? encode([last.count, last.key]) : null };
}

const sample = (t: DistinctText): SuggestionText => ({ text: t.text, count: t.count });

@Injectable()
export class SuggestionsService {
  /** The last grouping of each consultation, kept while its published suggestions and merges stay the same. */
  private readonly cache = new Map<string, { digest: string; grouped: Grouped }>();
  /** Words of each normalised text: segmentation is the costly part, and most texts stay between two readings. */
  private readonly words = new Map<string, string[]>();

  constructor(
    @InjectRepository(SuggestionMergeEntity) private readonly merges: Repository<SuggestionMergeEntity>,
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
  ) {}

  /**
   * The published suggestions of a consultation: the one read every view of them goes through (groups, search,
   * texts, files). They are the published results snapshot's (ConsultationsService.publishedSuggestions): nothing
   * below k ballots, and afterwards they change only in the snapshot's steps, so reading, watching one worker vote
   * and reading again shows nothing new; the texts come sorted, so their order says nothing about when each arrived;
   * texts held by moderation are left out.
   */
  async published(c: ConsultationEntity): Promise<PublishedSuggestions> {
    const p = await this.consultations.publishedSuggestions(c);
    return c.allowSuggestions ? p : { ...p, texts: p.texts && [] };
  }

  private groupId(c: ConsultationEntity, key: string): string {
    return createHash('sha256').update(`${c.id}:${key}`).digest('hex').slice(0, 16);
  }

  private termsOf = (t: DistinctText): string[] => {
    let w = this.words.get(t.norm);
    if (!w) {
      w = termsOf(segmenter().cut(t.norm, false), t.norm);
      if (this.words.size > 200_000) this.words.clear();
      this.words.set(t.norm, w);
    }
    return w;
  };

  private async grouped(c: ConsultationEntity): Promise<Grouped> {
    const { texts, reason, publication } = await this.published(c);
    if (texts === null) return { summary: { published: false, reason, publication, suggestions: 0, texts: 0, groups: 0 }, groups: [] };
    const merges = (await this.merges.find({ where: { consultationId: c.id }, order: { textKey: 'ASC', intoKey: 'ASC' } })).map(
      (m) => [m.textKey, m.intoKey] as [string, string],
    );
    const digest = createHash('sha256')
      .update(JSON.stringify([texts, merges]))
      .digest('hex');
    const hit = this.cache.get(c.id);
    // The groups are kept while the texts and merges are the same; the publication (how many ballots until the next
    // step) moves with every ballot, so it is always today's.
    if (hit?.digest === digest) return { ...hit.grouped, summary: { ...hit.grouped.summary, publication } };
    const distinct = distinctTexts(texts);
    const groups = groupTexts(distinct, this.termsOf, merges, (key) => this.groupId(c, key));
    const grouped: Grouped = {
      summary: {
        published: true,
        publication,
        suggestions: distinct.reduce((n, t) => n + t.count, 0),
        texts: distinct.length,
        groups: groups.length,
      },
      groups,
    };
    if (this.cache.size > 100) this.cache.clear();
    this.cache.set(c.id, { digest, grouped });
    return grouped;
  }

  /** Groups most written first, a page at a time; with `q`, the groups with a text containing it and those texts. */
  async groups(auth: AuthContext, id: string, q: SuggestionsQueryDto): Promise<SuggestionGroupsPage> {
    const c = await this.consultations.readable(auth, id);
    const { summary, groups } = await this.grouped(c);
    const needle = q.q ? normalise(q.q) : '';
    if (q.q && !needle) throw invalid('q', '查找的文字 q 至少要有一个字或数字');
    const matching = needle
      ? groups
          .map((g) => ({ g, hits: g.texts.filter((t) => t.norm.includes(needle)) }))
          .filter((m) => m.hits.length)
          .map((m) => ({ ...m.g, hits: m.hits }))
      : groups.map((g) => ({ ...g, hits: g.texts }));
    const shown = page(
      matching,
      q,
      PAGE,
      (g): SuggestionGroup => ({
        id: g.id,
        count: g.count,
        texts: g.texts.length,
        terms: g.terms,
        samples: g.hits.slice(0, GROUP_SAMPLES).map(sample),
      }),
    );
    return { summary, total: matching.length, ...shown };
  }

  /** Every text of one group, most written first. */
  async texts(auth: AuthContext, id: string, groupId: string, q: SuggestionTextsQueryDto): Promise<SuggestionTextsPage> {
    const c = await this.consultations.readable(auth, id);
    const g = (await this.grouped(c)).groups.find((x) => x.id === groupId);
    if (!g) throw notFound('这组建议');
    return { total: g.texts.length, ...page(g.texts, q, TEXTS_PAGE, sample) };
  }

  /** Joins groups (organizers of the region): read as one from now on, as suggestions keep arriving. */
  async merge(auth: AuthContext, id: string, dto: MergeSuggestionsDto): Promise<SuggestionGroup> {
    const c = await this.consultations.manageable(auth, id);
    await this.consultations.readable(auth, id); // results hidden until close are hidden from the groups too
    const { groups } = await this.grouped(c);
    const chosen = dto.groupIds.map((gid) => groups.find((g) => g.id === gid));
    if (chosen.some((g) => !g)) {
      throw conflict('suggestions_changed', '建议分组已经更新，请刷新后再合并');
    }
    const [into, ...rest] = (chosen as Group[]).sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
    await this.merges
      .createQueryBuilder()
      .insert()
      .orIgnore()
      .values(rest.map((g) => ({ consultationId: c.id, textKey: g.key, intoKey: into.key, createdBy: auth.userId })))
      .execute();
    const after = (await this.grouped(c)).groups.find((g) => g.texts.some((t) => t.key === into.key));
    if (!after) throw conflict('suggestions_changed', '建议分组已经更新，请刷新后再合并');
    return {
      id: after.id,
      count: after.count,
      texts: after.texts.length,
      terms: after.terms,
      samples: after.texts.slice(0, GROUP_SAMPLES).map(sample),
    };
  }

  /** Every group with all its texts, for the files (organizers of the region). */
  async exportable(auth: AuthContext, id: string): Promise<{ c: ConsultationEntity; summary: SuggestionsSummary; groups: Group[] }> {
    const c = await this.consultations.manageable(auth, id);
    await this.consultations.readable(auth, id); // results hidden until close are hidden from the files too
    return { c, ...(await this.grouped(c)) };
  }
}
