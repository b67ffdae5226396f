// Getting riders to a consultation: the 小程序码 that opens its vote page, and the printable poster around it.
import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { consultationScene, VOTE_PAGE } from '@xst/shared-types';
import type { AuthContext } from '../common/auth.js';
import { Clock } from '../common/clock.js';
import { conflict, unavailable } from '../common/errors.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { WxaCode } from '../wechat/wxacode.js';
import { ConsultationsService, statusAt } from './consultations.service.js';
import { posterPdf } from './poster.js';

const disposition = (ascii: string, name: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

@Injectable()
export class ConsultationsPoster {
  constructor(
    @Inject(ConsultationsService) private readonly consultations: ConsultationsService,
    @Inject(WxaCode) private readonly wxaCode: WxaCode,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A consultation that has not ended, for organizers and admins of its region. */
  private async notEnded(auth: AuthContext, id: string) {
    const c = await this.consultations.managed(auth, id);
    if (statusAt(c, this.clock.now()) === 'closed') {
      throw conflict('consultation_closed', '这次意见征集已经结束，不用再贴海报了');
    }
    return c;
  }

  private code(id: string) {
    return this.wxaCode.unlimited(consultationScene(id), VOTE_PAGE);
  }

  async png(auth: AuthContext, id: string): Promise<StreamableFile> {
    await this.notEnded(auth, id);
    const image = await this.code(id);
    return new StreamableFile(image.bytes, {
      type: image.contentType,
      disposition: disposition('wxacode.png', '小程序码.png'),
      length: image.bytes.length,
    });
  }

  async pdf(auth: AuthContext, id: string): Promise<StreamableFile> {
    await this.notEnded(auth, id);
    const font = this.config.posterFont;
    if (!font) throw unavailable('poster_unavailable', '服务器上没有中文字体，海报生成不了；请管理员设置 POSTER_FONT');
    const image = await this.code(id);
    const dto = await this.consultations.get(auth, id);
    const body = await posterPdf(
      {
        title: dto.title,
        description: dto.description ?? null,
        closesAt: new Date(dto.closesAt),
        regionName: dto.regionName ?? '',
        code: image.bytes,
      },
      font,
    );
    return new StreamableFile(body, {
      type: 'application/pdf',
      disposition: disposition('poster.pdf', `${dto.title}-海报.pdf`),
      length: body.length,
    });
  }
}
