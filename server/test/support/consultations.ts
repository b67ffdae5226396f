// Factories for consultations and ballots in tests.
import type { Consultation, CreateConsultationRequest } from '@xst/shared-types';
import type { Actor, TestServer } from './server.js';

const HOUR = 3600_000;

export function consultationRequest(s: TestServer, over: Partial<CreateConsultationRequest> = {}): CreateConsultationRequest {
  const now = s.clock.now().getTime();
  return {
    title: '2025 年外卖骑手集体协商议题征集',
    description: '请选出你最希望协商的议题',
    regionCode: '510100',
    industries: ['rider'],
    opensAt: new Date(now - HOUR).toISOString(),
    closesAt: new Date(now + 7 * 24 * HOUR).toISOString(),
    mode: 'multiple',
    maxChoices: 3,
    topics: [
      { code: 'commission_rate' },
      { code: 'algorithm' },
      { code: 'order_dispatch' },
      { title: '电动车充电和换电', description: '站点充电、换电费用' },
    ],
    allowSuggestions: true,
    resultsVisibility: 'after_vote',
    ...over,
  };
}

export async function makeConsultation(
  s: TestServer,
  organizer: Actor,
  over: Partial<CreateConsultationRequest> = {},
): Promise<Consultation> {
  const res = await s.api(organizer).post('/consultations', consultationRequest(s, over));
  if (res.status !== 201) throw new Error(`create consultation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Consultation;
}

/** Topic ids of a consultation by their position. */
export const topicIds = (c: Consultation) => c.topics.map((t) => t.id);

export async function vote(s: TestServer, worker: Actor, c: Consultation, choices: string[], suggestion?: string) {
  return s.api(worker).put(`/consultations/${c.id}/ballot`, { choices, ...(suggestion !== undefined ? { suggestion } : {}) });
}

/** Ballot rows of a consultation straight from the database. */
export async function ballotRows(s: TestServer, consultationId: string): Promise<Record<string, unknown>[]> {
  return s.db.query('SELECT * FROM ballots WHERE consultationId = ?', [consultationId]);
}
