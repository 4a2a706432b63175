import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Credentials } from '../auth/auth.guard';
import { InstanceResolver } from '../instances/instance-resolver';
import { Instance } from '../instances/instance.entity';
import { InstanceView } from '../instances/instances.dto';
import { InstancesService } from '../instances/instances.service';
import { pageAfter, pageOf } from './keyset-page';
import { TraceLog } from './trace-log.service';
import { ListTraceQuery, TraceEntryView, traceEntryView } from './trace-logging.dto';
import { TraceLoggingErrorCode, TraceLoggingException } from './trace-logging.exception';

/**
 * Switching an instance's trace logging, and reading its trace. Turning it off stops recording
 * and keeps what was recorded (to read after the fact); the entries go with the instance.
 */
@Injectable()
export class TraceLogging {
  constructor(
    private readonly instances: InstancesService,
    private readonly resolver: InstanceResolver,
    private readonly traces: TraceLog,
    @InjectRepository(Instance) private readonly rows: Repository<Instance>,
  ) {}

  async switch(caller: Credentials, id: number | undefined, enabled: boolean): Promise<InstanceView> {
    const instance = await this.instances.find(caller, id);
    await this.switchFound(instance.id, enabled);
    return this.instances.get(caller, instance.id);
  }

  /** Switches an instance the caller was found allowed to see (the console's, say). */
  async switchFound(instanceId: number, enabled: boolean): Promise<void> {
    await this.rows.update({ id: instanceId }, { traceLoggingEnabled: enabled });
    // Hub calls read the flag from the resolver's cached instance: every replica drops its copy.
    await this.resolver.forget({ id: instanceId });
  }

  async read(caller: Credentials, id: number | undefined, query: ListTraceQuery): Promise<{ entries: TraceEntryView[]; next?: string }> {
    const instance = await this.instances.find(caller, id);
    const pageSize = query.pageSize ?? 50;
    const scope = `trace:${instance.id}`;
    const before = query.nextPage === undefined ? undefined : pageAfter(query.nextPage, scope);
    if (query.nextPage !== undefined && before === undefined) throw new TraceLoggingException(TraceLoggingErrorCode.INVALID_NEXT_PAGE, 'nextPage is not a page token of this trace');
    const { page, next } = pageOf(await this.traces.list(instance.id, pageSize + 1, before), pageSize, scope);
    return { entries: page.map(traceEntryView), next };
  }
}
