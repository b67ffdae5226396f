// The workers' written suggestions (建议) of a consultation, as people can read thousands of them: the same text
// counted once with its number, similar texts in groups, a page at a time. Only what is published is read, and
// nothing in it (order, ids, cursors) says when or in which order a suggestion arrived.
import type { ResultsPublication, UnpublishedReason } from './consultations.js';
import type { PageQuery } from './paging.js';

/** Representative texts shown with each group. */
export const GROUP_SAMPLES = 3;

export interface SuggestionText {
  /** The way most of its writers put it (ties: the shortest, then the first in text order). */
  text: string;
  /** Ballots that carried this text, after normalising width, punctuation, spaces and case. */
  count: number;
}

export interface SuggestionGroup {
  /** Stable while the group's leading text is in it; derived from that text, never from arrival. */
  id: string;
  /** Ballots whose suggestion is in the group. */
  count: number;
  /** Different texts in the group. */
  texts: number;
  /** The words the group's texts share most, most frequent first. */
  terms: string[];
  /** The group's most written texts, most written first (at most GROUP_SAMPLES; all matching ones under a search). */
  samples: SuggestionText[];
}

/** GET /consultations/:id/suggestions: groups by size, then by their leading text. */
export interface SuggestionsQuery extends PageQuery {
  /** Groups with a text containing this (compared after normalising). */
  q?: string;
}

export interface SuggestionsSummary {
  /** False while the results publish nothing (below their step of k ballots, or the first snapshot not yet due). */
  published: boolean;
  /** Why nothing is shown yet, while `published` is false: the same reason the results give. */
  reason?: UnpublishedReason;
  /** The results' publication: suggestions are published with the figures, in the same steps. */
  publication: ResultsPublication;
  /** Ballots with a suggestion, different texts, groups (all published ones, whatever the search). */
  suggestions: number;
  texts: number;
  groups: number;
}

export interface SuggestionGroupsPage {
  summary: SuggestionsSummary;
  items: SuggestionGroup[];
  /** Groups matching the search. */
  total: number;
  next: string | null;
}

/** The texts of one group, for reading it whole. */
export interface SuggestionTextsPage {
  items: SuggestionText[];
  total: number;
  next: string | null;
}

/** POST /consultations/:id/suggestions/merge: these groups become one (organizers; it holds as suggestions arrive). */
export interface MergeSuggestionsRequest {
  groupIds: string[];
}
