import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import type { AuthContext } from '../common/auth.js';
import { Clock } from '../common/clock.js';
import { ConsultationsService } from './consultations.service.js';
import { resultsCsv, resultsWorkbook } from './results-export.js';

const disposition = (ext: string) =>
  `attachment; filename="consultation-results.${ext}"; filename*=UTF-8''${encodeURIComponent(`意见征集结果.${ext}`)}`;

/** Result files for organizers and admins of the consultation's region. */
@Injectable()
export class ConsultationsExport {
  constructor(
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async xlsx(auth: AuthContext, id: string): Promise<StreamableFile> {
    const { results, participation } = await this.consultations.exportable(auth, id);
    const consultation = await this.consultations.get(auth, id);
    const body = await resultsWorkbook(consultation, results, participation, this.clock.now());
    return new StreamableFile(body, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: disposition('xlsx'),
      length: body.length,
    });
  }

  async csv(auth: AuthContext, id: string): Promise<StreamableFile> {
    const { results, participation } = await this.consultations.exportable(auth, id);
    const consultation = await this.consultations.get(auth, id);
    const body = resultsCsv(consultation, results, participation, this.clock.now());
    return new StreamableFile(body, { type: 'text/csv; charset=utf-8', disposition: disposition('csv'), length: body.length });
  }
}
