import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WechatAccessToken } from './access-token.js';
import { WechatContentSecurity } from './content-security.js';
import { WechatClient } from './wechat.client.js';
import { WechatAccessTokenEntity } from './wechat-token.entity.js';

/** WeChat's server API: the shared access token and the client every capability calls WeChat through. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WechatAccessTokenEntity])],
  providers: [WechatAccessToken, WechatClient, WechatContentSecurity],
  exports: [WechatAccessToken, WechatClient, WechatContentSecurity],
})
export class WechatModule {}
