import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CacheInvalidations } from './cache-invalidations';
import { CacheMetrics } from './cache-metrics';
import { HubCallCache } from './hub-call-cache';
import { ResponseCache } from './response-cache';

/** The response cache of hub reads (docs/cache.md). */
@Module({
  imports: [AuthModule],
  providers: [CacheMetrics, ResponseCache, CacheInvalidations, HubCallCache],
  exports: [HubCallCache, CacheInvalidations],
})
export class CacheModule {}
