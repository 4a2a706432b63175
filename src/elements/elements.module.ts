import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ElementsController } from './elements.controller';
import { ElementsService } from './elements.service';
import { HubsCatalogController } from './hubs.controller';

@Module({
  imports: [AuthModule],
  controllers: [ElementsController, HubsCatalogController],
  providers: [ElementsService],
  exports: [ElementsService],
})
export class ElementsModule {}
