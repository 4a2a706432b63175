import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ElementsModule } from '../elements/elements.module';
import { InstancesModule } from '../instances/instances.module';
import { MetricsModule } from '../metrics/metrics.module';
import { TokensModule } from '../tokens/tokens.module';
import { WebexModule } from '../webex/webex.module';
import { FilesRoute } from './files.route';
import { WebexContents } from './webex-contents';

/** Messages with a file, and their files read back, through the hub (docs/files.md). */
@Module({
  imports: [AuthModule, ElementsModule, InstancesModule, MetricsModule, TokensModule, WebexModule],
  providers: [FilesRoute, WebexContents],
})
export class FilesModule {}
