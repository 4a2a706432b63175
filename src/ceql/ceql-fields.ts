import { valueAt } from './ceql-values';

/**
 * `fields` projection: a copy of the item with only the named fields, dotted paths kept nested
 * (`creator.displayName` gives `{ creator: { displayName } }`). A field the item lacks is left
 * out; a path under another named one adds nothing. Never changes the item itself.
 */
export function project(item: unknown, fields: string[]): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
  const out: Record<string, unknown> = {};
  for (const path of fields) {
    if (fields.some((other) => path.startsWith(`${other}.`))) continue;
    const value = valueAt(item, path);
    if (value === undefined) continue;
    const steps = path.split('.');
    let target = out;
    for (const step of steps.slice(0, -1)) {
      if (!Object.hasOwn(target, step)) define(target, step, {});
      target = target[step] as Record<string, unknown>;
    }
    define(target, steps[steps.length - 1], value);
  }
  return out;
}

// defineProperty, so a field named `__proto__` is a field and never the object's prototype.
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
