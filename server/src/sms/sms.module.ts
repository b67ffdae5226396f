import { Global, Module } from '@nestjs/common';
import { SmsClient } from './sms.client.js';

/** Tencent Cloud SMS, for the notices that must reach people who have never opened the mini-program. */
@Global()
@Module({
  providers: [SmsClient],
  exports: [SmsClient],
})
export class SmsModule {}
