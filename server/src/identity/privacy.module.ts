import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CongressModule } from '../congress/congress.module.js';
import { ConsultationsModule } from '../consultations/consultations.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { RollModule } from '../roll/roll.module.js';
import { SessionsModule } from '../sessions/sessions.module.js';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module.js';
import { IdentityModule } from './identity.module.js';
import { PrivacyController } from './privacy.controller.js';
import { PrivacyService } from './privacy.service.js';

/**
 * A worker's own data across the capabilities that hold some of it (ballots, ratings), gathered and erased through
 * their services. Its own module because those capabilities themselves depend on identity.
 */
@Module({
  imports: [
    IdentityModule,
    ConsultationsModule,
    SessionsModule,
    CongressModule,
    AuditModule,
    RollModule,
    SubscriptionsModule,
    RegionsModule,
  ],
  controllers: [PrivacyController],
  providers: [PrivacyService],
})
export class PrivacyModule {}
