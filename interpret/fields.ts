/**
 * Safe access to string-valued records built from attacker-influenced keys:
 * a key such as `__proto__` or `toString` must behave like any other.
 *
 * @module
 */

/** The string stored under `key`, ignoring inherited properties. */
export function getField(
  record: Readonly<Record<string, string>>,
  key: string,
): string | undefined {
  const value = record[key];
  return typeof value === "string" ? value : undefined;
}

/** Stores `value` under `key` as an own property (also for `__proto__`). */
export { setOwn as setField } from "../parse/fields.ts";
