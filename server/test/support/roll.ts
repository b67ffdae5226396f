// Factories for the verified roll in tests: code sheets, and the codes printed on them.
import type { CodeBatch, CreateCodeBatchRequest } from '@xst/shared-types';
import { formatCode } from '../../src/roll/roll-keys.js';
import { RollService } from '../../src/roll/roll.service.js';
import type { Actor, TestServer } from './server.js';

const DAY = 86400_000;

export function codeBatchRequest(s: TestServer, over: Partial<CreateCodeBatchRequest> = {}): CreateCodeBatchRequest {
  return {
    label: '锦江区骑手驿站 恳谈会',
    industry: 'rider',
    regionCode: '510104',
    count: 5,
    expiresAt: new Date(s.clock.now().getTime() + 30 * DAY).toISOString(),
    ...over,
  };
}

export async function makeCodeBatch(s: TestServer, organizer: Actor, over: Partial<CreateCodeBatchRequest> = {}): Promise<CodeBatch> {
  const res = await s.api(organizer).post('/roll/code-batches', codeBatchRequest(s, over));
  if (res.status !== 201) throw new Error(`create code batch failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as CodeBatch;
}

/** The code printed as number `n` of a sheet, as the sheet shows it (derived with the server's secret). */
export const printedCode = (s: TestServer, batchId: string, n: number) => formatCode(s.app.get(RollService).keys.code(batchId, n));

/** A worker verified with code `n` of a fresh sheet for the given scope. */
export async function verifyWithCode(s: TestServer, organizer: Actor, worker: Actor, over: Partial<CreateCodeBatchRequest> = {}) {
  const batch = await makeCodeBatch(s, organizer, { count: 1, ...over });
  const res = await s.api(worker).post('/roll/codes/redeem', { code: printedCode(s, batch.id, 1) });
  if (res.status !== 200) throw new Error(`redeem failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
