import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, LessThan, Repository } from 'typeorm';
import { errorLogFields } from '../common/logger';
import { AuditEntry } from './audit-entry.entity';

/** Which entries a reader asks for; `organizationId` undefined only for the console's super admin. */
export interface AuditFilter {
  organizationId?: number;
  /** Entries of instances only, or of this instance. */
  instances?: true | number;
  userId?: number;
  from?: Date;
  to?: Date;
}

/** The audit trail: written once per change, read newest first. */
@Injectable()
export class AuditLog {
  private readonly logger = new Logger(AuditLog.name);

  constructor(@InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>) {}

  /** The change is made by then: a failure to record it is logged, and the caller still gets its answer. */
  async record(entry: Omit<AuditEntry, 'id' | 'createdAt'>): Promise<void> {
    try {
      await this.entries.insert(entry);
    } catch (error) {
      this.logger.error({ resourceType: entry.resourceType, resourceId: entry.resourceId, action: entry.action, err: errorLogFields(error) }, 'Audit entry not stored');
    }
  }

  list(filter: AuditFilter, limit: number, before?: string): Promise<AuditEntry[]> {
    const query = this.entries.createQueryBuilder('entry').orderBy('entry.id', 'DESC').take(limit);
    const where: FindOptionsWhere<AuditEntry> = {};
    if (filter.organizationId !== undefined) where.organizationId = filter.organizationId;
    if (filter.userId !== undefined) where.userId = filter.userId;
    if (typeof filter.instances === 'number') where.instanceId = filter.instances;
    if (before !== undefined) where.id = LessThan(before);
    query.where(where);
    if (filter.instances === true) query.andWhere('entry.instance_id IS NOT NULL');
    if (filter.from) query.andWhere('entry.created_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('entry.created_at <= :to', { to: filter.to });
    return query.getMany();
  }
}
