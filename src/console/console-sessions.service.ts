import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import * as argon2 from 'argon2';
import { createHash } from 'node:crypto';
import { LessThan, Repository } from 'typeorm';
import { HubConfig } from '../config/hub-config';
import { UnauthorizedException } from '../common/hub.exception';
import { newSecret, sha256Hex } from '../common/secrets';
import { ConsoleAdmin } from './console-admin.entity';
import { ConsoleSession } from './console-session.entity';
import type { ConsoleContext } from './console.guard';

/** Failed logins in a row that lock an account, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export const WRONG_LOGIN = 'Wrong username or password.';

/** argon2id with OWASP's recommended minimum (19 MiB, 2 passes): about 0.1 s a login on a small machine. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

/** What a new password sets on an admin: its hash, and no lockout. */
export async function newPasswordColumns(password: string): Promise<Pick<ConsoleAdmin, 'passwordHash' | 'failedAttempts' | 'lockedUntil'>> {
  return { passwordHash: await hashPassword(password), failedAttempts: 0, lockedUntil: null };
}

/** Console logins: password check with lockout, sessions stored by hash, CSRF tokens bound to them. */
@Injectable()
export class ConsoleSessions {
  /** Unknown usernames are checked against this, so they take as long as known ones. */
  private decoy?: Promise<string>;

  constructor(
    private readonly config: HubConfig,
    @InjectRepository(ConsoleAdmin) private readonly admins: Repository<ConsoleAdmin>,
    @InjectRepository(ConsoleSession) private readonly sessions: Repository<ConsoleSession>,
  ) {}

  /** A new session for a right username and password; its id goes in the cookie, once. */
  async login(username: string, password: string): Promise<{ sessionId: string; admin: ConsoleAdmin }> {
    const admin = await this.admins.findOneBy({ username: username.trim() });
    if (!admin) {
      this.decoy ??= hashPassword(newSecret());
      await argon2.verify(await this.decoy, password);
      throw new UnauthorizedException(WRONG_LOGIN);
    }
    if (admin.lockedUntil && new Date(admin.lockedUntil).getTime() > Date.now()) throw this.locked();
    if (!(await argon2.verify(admin.passwordHash, password))) {
      await this.admins.increment({ id: admin.id }, 'failedAttempts', 1);
      const { failedAttempts } = await this.admins.findOneByOrFail({ id: admin.id });
      if (failedAttempts < MAX_FAILED_LOGINS) throw new UnauthorizedException(WRONG_LOGIN);
      await this.admins.update({ id: admin.id }, { failedAttempts: 0, lockedUntil: new Date(Date.now() + LOCKOUT_MINUTES * 60_000) });
      throw this.locked();
    }
    await this.admins.update({ id: admin.id }, { failedAttempts: 0, lockedUntil: null });
    await this.sessions.delete({ expiresAt: LessThan(new Date()) });
    const sessionId = newSecret();
    await this.sessions.save(
      this.sessions.create({ idHash: sha256Hex(sessionId), adminId: admin.id, expiresAt: new Date(Date.now() + this.config.HUB_CONSOLE_SESSION_MINUTES * 60_000) }),
    );
    return { sessionId, admin };
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

  private locked(): UnauthorizedException {
    return new UnauthorizedException(`Too many failed logins: this account is locked for ${LOCKOUT_MINUTES} minutes. Try again later.`);
  }
}

/** Derived from the session id (which never leaves the HttpOnly cookie), so it needs no storage. */
export function csrfTokenOf(sessionId: string): string {
  return createHash('sha256').update(`console-csrf:${sessionId}`).digest('base64url');
}
