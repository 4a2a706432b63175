import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import type { SafeHtml } from './views/html';

/** What a form sent, as typed (text fields only), and each field's first complaint. */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  /** A complaint about the form as a whole (a taken username, say). */
  error?: string;
  /** The refused request's id, shown with the complaint as on every console error page. */
  requestId?: string;
}

export type FormResult<T> = { dto: T; state?: undefined } | { dto?: undefined; state: FormState };

/** Never sent back into a page: what was typed in a password field is not echoed. */
const UNECHOED = /password/i;

/**
 * A console form checked against its DTO, as the global validation pipe would, but answered on
 * the form itself: the fields as typed and a message beside each wrong one, rather than an error page.
 */
export async function readForm<T extends object>(type: new () => T, body: unknown): Promise<FormResult<T>> {
  const plain = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const dto = plainToInstance(type, plain);
  const failures = await validate(dto, { whitelist: true, forbidUnknownValues: true });
  if (!failures.length) return { dto };
  return { state: { values: typedValues(plain), errors: fieldErrors(failures) } };
}

/** The form's values as typed, for a page that shows it again after a refusal. */
export function typedValues(body: unknown): Record<string, string> {
  const plain = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(Object.entries(plain).filter(([key, value]) => typeof value === 'string' && key !== '_csrf' && !UNECHOED.test(key))) as Record<string, string>;
}

function fieldErrors(failures: ValidationError[]): Record<string, string> {
  return Object.fromEntries(failures.map((f) => [f.property, Object.values(f.constraints ?? {})[0] ?? `${f.property} is not valid`]));
}

/**
 * A refused form, answered with the form again (its messages and what was typed). Thrown rather
 * than returned, so that what runs after a successful change (the audit trail) does not run.
 */
export class ConsoleFormRefused extends Error {
  constructor(
    readonly status: number,
    readonly page: SafeHtml,
  ) {
    super('The form was refused');
  }
}
