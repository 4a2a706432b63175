import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { User } from '../auth/user.entity';
import { ElementsModule } from '../elements/elements.module';
import { TokensModule } from '../tokens/tokens.module';
import { ElementInstancesController } from './element-instances.controller';
import { InstanceAuthorizer } from './instance-authorizer';
import { InstanceHooks } from './instance-hooks';
import { InstanceListing } from './instance-listing';
import { InstanceReseal } from './instance-reseal.service';
import { InstanceResolver } from './instance-resolver';
import { Instance } from './instance.entity';
import { InstancesController } from './instances.controller';
import { InstancesService } from './instances.service';

@Module({
  imports: [TypeOrmModule.forFeature([Instance, User]), AuthModule, ElementsModule, TokensModule],
  controllers: [InstancesController, ElementInstancesController],
  providers: [InstancesService, InstanceListing, InstanceAuthorizer, InstanceResolver, InstanceHooks, InstanceReseal],
  exports: [InstancesService, InstanceAuthorizer, InstanceResolver, InstanceHooks, InstanceReseal],
})
export class InstancesModule {}
