// WeChat's server-API access token, one row per app id, shared by every instance of the server.
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimeColumn } from '../database/columns.js';

@Entity('wechat_access_tokens')
export class WechatAccessTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 }) appId: string;
  @Column({ type: 'varchar', length: 512, nullable: true }) token: string | null;
  @TimeColumn({ nullable: true }) expiresAt: Date | null;
  /** When WeChat last answered with this token: asked once near its end, it is kept until it runs out. */
  @TimeColumn({ nullable: true }) refreshedAt: Date | null;
  /** Set while one instance asks WeChat for a token; the others wait for its answer instead of asking too. */
  @TimeColumn({ nullable: true }) refreshingUntil: Date | null;
}
