import { applyDecorators, Injectable } from '@nestjs/common';
import { ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Credentials } from '../auth/auth.guard';
import { User } from '../auth/user.entity';
import { SecretBox } from '../common/secret-box';
import { sha256Hex } from '../common/secrets';
import { ElementsService } from '../elements/elements.service';
import { joinTokenState, withJoinedTokenState } from '../tokens/token-grants';
import { instanceView } from './instance-view';
import { Instance } from './instance.entity';
import { InstanceView } from './instances.dto';
import { InstancesErrorCode, InstancesException } from './instances.exception';

export const INSTANCE_STATUSES = ['valid', 'invalid', 'disabled'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/** What a listing keeps: the query of `GET /instances` and `GET /elements/{keyOrId}/instances`. */
export interface InstanceFilter {
  tags?: string[];
  searchText?: string;
  elementKey?: string;
  /** The console's search: searchText also matches the connected account's email and name. */
  searchAccounts?: boolean;
  /** The console's filter: valid (and enabled), invalid (Webex refused the grant), or disabled. */
  status?: InstanceStatus;
  /** Without it, every instance in one answer. */
  pageSize?: number;
  nextPage?: string;
}

export interface InstancePage {
  instances: InstanceView[];
  /** The token of the next page; absent on the last. */
  nextPage?: string;
}

/** A sealed next-page token: the last id handed out, and the hash of the search it belongs to. */
interface Sealed {
  after: number;
  search: string;
}

/**
 * The caller's instances, oldest first, one page at a time: each page is one query of the
 * instances after the last id of the previous page (with their owners joined), so paging hands
 * out every instance once even while others are created or deleted.
 */
@Injectable()
export class InstanceListing {
  constructor(
    @InjectRepository(Instance) private readonly instances: Repository<Instance>,
    private readonly elements: ElementsService,
    private readonly box: SecretBox,
  ) {}

  async page(caller: Credentials, filter: InstanceFilter): Promise<InstancePage> {
    const search = searchOf(caller, filter);
    // tokens/' row of each instance in the same query: a page costs one query, however long.
    const query = joinTokenState(this.instances.createQueryBuilder('i').leftJoinAndMapOne('i.owner', User, 'owner', 'owner.id = i.userId'), 'i', 't')
      .where('i.organizationId = :organizationId', { organizationId: caller.organization.id })
      .orderBy('i.id', 'ASC');
    if (caller.user.role !== 'admin') query.andWhere('i.userId = :userId', { userId: caller.user.id });
    if (filter.tags?.length) query.andWhere('i.tags @> :tags::jsonb', { tags: JSON.stringify(filter.tags) });
    if (filter.elementKey) query.andWhere('i.elementKey = :elementKey', { elementKey: filter.elementKey });
    if (filter.searchText) {
      const accounts = filter.searchAccounts ? ` OR i.account->>'email' ILIKE :pattern ESCAPE '\\' OR i.account->>'displayName' ILIKE :pattern ESCAPE '\\'` : '';
      query.andWhere(`(i.name ILIKE :pattern ESCAPE '\\' OR EXISTS (SELECT 1 FROM jsonb_array_elements_text(i.tags) tag WHERE tag ILIKE :pattern ESCAPE '\\')${accounts})`, {
        pattern: `%${filter.searchText.replace(/[\\%_]/g, '\\$&')}%`,
      });
    }
    if (filter.status === 'disabled') query.andWhere('i.disabled');
    // An instance without a token row yet counts as valid, as tokens/' column defaults.
    if (filter.status === 'valid') query.andWhere('NOT i.disabled AND COALESCE(t.valid, true)');
    if (filter.status === 'invalid') query.andWhere('t.valid = false');
    if (filter.nextPage) query.andWhere('i.id > :after', { after: this.open(filter.nextPage, search) });
    // One more row than the page tells whether there is a next page, without a count.
    if (filter.pageSize) query.limit(filter.pageSize + 1);
    const rows = await query.getMany();
    const more = filter.pageSize !== undefined && rows.length > filter.pageSize;
    const page = more ? rows.slice(0, filter.pageSize) : rows;
    const instances = page.map((i) => instanceView(this.elements.get(i.elementKey), withJoinedTokenState(i), i.owner!));
    return { instances, ...(more && { nextPage: this.seal({ after: page.at(-1)!.id, search }) }) };
  }

  private seal(sealed: Sealed): string {
    return Buffer.from(this.box.seal(JSON.stringify(sealed))).toString('base64url');
  }

  private open(token: string, search: string): number {
    let sealed: Sealed;
    try {
      sealed = JSON.parse(this.box.open(Buffer.from(token, 'base64url').toString('utf8'))) as Sealed;
    } catch {
      throw new InstancesException(InstancesErrorCode.INVALID_NEXT_PAGE, 'nextPage is not a token this hub issued; start again from the first page');
    }
    if (sealed.search !== search || !Number.isInteger(sealed.after)) {
      throw new InstancesException(InstancesErrorCode.INVALID_NEXT_PAGE, 'nextPage belongs to another search; repeat the same searchText, tags and element, or start again');
    }
    return sealed.after;
  }
}

/** What a token is bound to: the caller and the filter, so it cannot continue another search. */
function searchOf(caller: Credentials, filter: InstanceFilter): string {
  return sha256Hex(
    JSON.stringify([caller.user.id, filter.elementKey ?? '', filter.searchText ?? '', [...(filter.tags ?? [])].sort(), filter.searchAccounts ?? false, filter.status ?? '']),
  );
}

/** `tags[]` as a query gives it: absent, once, or repeated. */
export function tagsOf(tags: string | string[] | undefined): string[] {
  return tags === undefined ? [] : [tags].flat().map(String);
}

/** A page as hub calls answer one: the items, with elements-returned-count and elements-next-page-token headers. */
export function pageReply(reply: FastifyReply, page: InstancePage): InstanceView[] {
  reply.header('elements-returned-count', String(page.instances.length));
  if (page.nextPage) reply.header('elements-next-page-token', page.nextPage);
  return page.instances;
}

/** The OpenAPI of a paged instance list: its query and its headers. */
export const ApiInstancePage = () =>
  applyDecorators(
    ApiQuery({ name: 'tags[]', required: false, type: [String], description: 'Keeps the instances that have all the tags given' }),
    ApiOkResponse({
      type: [InstanceView],
      headers: {
        'elements-returned-count': { description: 'Instances in this answer', schema: { type: 'integer' } },
        'elements-next-page-token': { description: 'Pass as nextPage for the next page; absent on the last page', schema: { type: 'string' } },
      },
    }),
  );
