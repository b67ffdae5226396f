// WeChat's text security check (wxa/msg_sec_check, version 2) of what one user writes for others to read. The
// verdict is WeChat's `result.suggest`; a check that cannot be made (WeChat unreachable or refusing the call, no
// openid to check against) is `unchecked`, which callers hold for review: never shown unchecked, never lost.
import { Injectable, Logger } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { WechatAccessToken } from './access-token.js';

/** The scene of msgSecCheck 2.0: 1 资料, 2 评论, 3 论坛, 4 社交日志. */
export type SecurityScene = 1 | 2 | 3 | 4;
export type SecurityVerdict = 'pass' | 'review' | 'risky' | 'unchecked';

/** WeChat checks at most this many characters per call: longer texts are checked piece by piece. */
export const SEC_CHECK_MAX_CHARS = 2500;
const RANK: Record<SecurityVerdict, number> = { pass: 0, unchecked: 1, review: 2, risky: 3 };

@Injectable()
export class WechatContentSecurity {
  private readonly logger = new Logger('WeChatSecCheck');

  constructor(@Inject(WechatAccessToken) private readonly token: WechatAccessToken) {}

  async check(openid: string | null, scene: SecurityScene, content: string): Promise<SecurityVerdict> {
    if (!content.trim()) return 'pass';
    if (!openid) return 'unchecked';
    let worst: SecurityVerdict = 'pass';
    for (let i = 0; i < content.length; i += SEC_CHECK_MAX_CHARS) {
      const verdict = await this.checkPiece(openid, scene, content.slice(i, i + SEC_CHECK_MAX_CHARS));
      if (RANK[verdict] > RANK[worst]) worst = verdict;
      if (worst === 'risky') break;
    }
    return worst;
  }

  private async checkPiece(openid: string, scene: SecurityScene, content: string): Promise<SecurityVerdict> {
    try {
      const { json } = await this.token.post('/wxa/msg_sec_check', { content, version: 2, scene, openid });
      const errcode = Number(json?.errcode ?? -1);
      const suggest = (json?.result as { suggest?: string } | undefined)?.suggest;
      if (errcode === 0 && (suggest === 'pass' || suggest === 'review' || suggest === 'risky')) return suggest;
      this.logger.warn(`msg_sec_check answered errcode ${errcode}: the text is held for review`);
    } catch (e) {
      this.logger.warn(`msg_sec_check failed (${(e as Error).message}): the text is held for review`);
    }
    return 'unchecked';
  }
}
