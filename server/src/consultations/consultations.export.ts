import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import type { AuthContext } from '../common/auth.js';
import { ConsultationsService } from './consultations.service.js';
import { resultsCsv, resultsWorkbook } from './results-export.js';

const disposition = (ext: string) =>
  `attachment; filename="consultation-results.${ext}"; filename*=UTF-8''${encodeURIComponent(`意见征集结果.${ext}`)}`;

/** Result files for organizers and admins of the consultation's region. */
@Injectable()
export class ConsultationsExport {
  constructor(@Inject(ConsultationsService) private readonly consultations: ConsultationsService) {}

  async xlsx(auth: AuthContext, id: string): Promise<StreamableFile> {
    const { results, participation } = await this.consultations.exportable(auth, id);
    const consultation = await this.consultations.get(auth, id);
    const body = await resultsWorkbook(consultation, results, participation);
    return new StreamableFile(body, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: disposition('xlsx'),
      length: body.length,
    });
  }

  async csv(auth: AuthContext, id: string): Promise<StreamableFile> {
    const { results } = await this.consultations.exportable(auth, id);
    const body = resultsCsv(results);
    return new StreamableFile(body, { type: 'text/csv; charset=utf-8', disposition: disposition('csv'), length: body.length });
  }
}
