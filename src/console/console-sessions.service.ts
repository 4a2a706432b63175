import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { createHash } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { newSecret, sha256Hex } from '../common/secrets';
import { ConsoleAdmin } from './console-admin.entity';
import { ConsoleLoginThrottle } from './console-login-throttle.service';
import { ConsoleSession } from './console-session.entity';
import type { ConsoleContext } from './console-context';
import { ConsoleErrorCode, ConsoleException } from './console.exception';

/**
 * The one answer to a refused login, whatever the reason: unknown username, wrong password, or a
 * requester slowed down after repeated failures (even with the right password).
 */
export const WRONG_LOGIN = 'Wrong username or password. After repeated failures, logins from your address are paused for a while.';

/**
 * A hash made as hashPassword makes them, of a password nobody knows: checked when no real hash may
 * be, so that every refused login costs one verification, as a wrong password does.
 */
const DECOY_HASH = '$argon2id$v=19$m=19456,p=1,t=2$O5nf+9+SJIln/13tK2OH8g$0YrEjW3TdPlsFW/VBOVKBP8SfcfvXSo+zFp835tcFA4';

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes): about 0.1 s a login on a small machine. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

/** What a new password sets on an admin (callers also lift its slow-downs: forgetFailedLogins). */
export async function newPasswordColumns(password: string): Promise<Pick<ConsoleAdmin, 'passwordHash'>> {
  return { passwordHash: await hashPassword(password) };
}

/** Console logins: password check with a slow-down, sessions stored by hash, CSRF tokens bound to them. */
@Injectable()
export class ConsoleSessions {
  constructor(
    private readonly config: HubConfig,
    private readonly throttle: ConsoleLoginThrottle,
    @InjectRepository(ConsoleAdmin) private readonly admins: Repository<ConsoleAdmin>,
    @InjectRepository(ConsoleSession) private readonly sessions: Repository<ConsoleSession>,
  ) {}

  /**
   * A new session for a right username and password from `address`; its id goes in the cookie,
   * once. The attempt is counted before any password is checked, and every refusal does the same
   * work (one lookup, one claim, one argon2 verification) and gives the same answer.
   */
  async login(username: string, password: string, address: string): Promise<{ sessionId: string; admin: ConsoleAdmin }> {
    const name = username.trim();
    const [admitted, admin] = await Promise.all([this.throttle.claim(name, address), this.admins.findOneBy({ username: name })]);
    const right = admitted && admin ? await this.checkPassword(admin, password) : await argon2.verify(DECOY_HASH, password).then(() => false);
    if (!right || !admin) throw new ConsoleException(ConsoleErrorCode.WRONG_LOGIN, WRONG_LOGIN);
    await this.throttle.succeeded(name, address);
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    const sessionId = newSecret();
    await this.sessions.save(
      this.sessions.create({ idHash: sha256Hex(sessionId), adminId: admin.id, expiresAt: new Date(Date.now() + this.config.HUB_CONSOLE_SESSION_MINUTES * 60_000) }),
    );
    return { sessionId, admin };
  }

  /** The only place an admin's real hash is checked, and only for an admitted attempt. */
  checkPassword(admin: ConsoleAdmin, password: string): Promise<boolean> {
    return argon2.verify(admin.passwordHash, password);
  }

  async resolve(sessionId: string | undefined): Promise<ConsoleContext | undefined> {
    if (!sessionId || sessionId.length > 200) return undefined;
    const session = await this.sessions.findOne({ where: { idHash: sha256Hex(sessionId) }, relations: { admin: true } });
    if (!session?.admin || new Date(session.expiresAt).getTime() <= Date.now()) return undefined;
    return { admin: session.admin, sessionId: session.id, csrfToken: csrfTokenOf(sessionId) };
  }

  async logout(sessionId: number): Promise<void> {
    await this.sessions.delete({ id: sessionId });
  }

  /** After a password change or a removal: every other browser of that admin is logged out. */
  async endSessionsOf(adminId: number, except?: number): Promise<void> {
    const query = this.sessions.createQueryBuilder().delete().where('admin_id = :adminId', { adminId });
    if (except !== undefined) query.andWhere('id <> :except', { except });
    await query.execute();
  }
}

/** Derived from the session id (which never leaves the HttpOnly cookie), so it needs no storage. */
export function csrfTokenOf(sessionId: string): string {
  return createHash('sha256').update(`console-csrf:${sessionId}`).digest('base64url');
}
