import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ConsoleModule } from '../console/console.module';
import { InstancesModule } from '../instances/instances.module';
import { AuditEntry } from './audit-entry.entity';
import { AuditConsoleController } from './audit-console.controller';
import { AuditLog } from './audit-log.service';
import { AuditLogsController } from './audit-logs.controller';
import { AuditInterceptor } from './audit.interceptor';

/** The audit log: every change recorded by `AuditInterceptor`, read at `/audit-logs` and in the console. */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEntry]), AuthModule, InstancesModule, ConsoleModule],
  controllers: [AuditLogsController, AuditConsoleController],
  providers: [AuditLog, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditLog],
})
export class AuditModule {}
