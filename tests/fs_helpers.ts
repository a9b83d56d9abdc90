/**
 * File-system checks shared by the tests.
 *
 * @module
 */

/**
 * Whether `path` exists (its stat succeeds).
 *
 * @param path A path or file URL.
 * @returns True when it exists.
 */
export function exists(path: string | URL): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
