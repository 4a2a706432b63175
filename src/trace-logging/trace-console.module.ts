import { Module } from '@nestjs/common';
import { ConsoleModule } from '../console/console.module';
import { TraceConsoleController } from './trace-console.controller';
import { TraceLoggingModule } from './trace-logging.module';

/** The console page of an instance's trace; apart from TraceLoggingModule, which hubs/ imports without the console. */
@Module({
  imports: [ConsoleModule, TraceLoggingModule],
  controllers: [TraceConsoleController],
})
export class TraceConsoleModule {}
