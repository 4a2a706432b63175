import type { ConsoleAdmin } from './console-admin.entity';

/** Who is using the console, from their session cookie. */
export interface ConsoleContext {
  admin: ConsoleAdmin;
  sessionId: number;
  /** The synchronizer token every form and state-changing call of this session must carry. */
  csrfToken: string;
}
