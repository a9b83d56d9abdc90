/**
 * Handing the C heap's free memory back to the system.
 *
 * V8's compiler threads allocate their working memory with `malloc`, each
 * from its own glibc arena, and free it when a compile ends; glibc keeps the
 * freed pages, so each arena stays as large as the largest compile it ever
 * ran (7–9 MiB each during `libaudit parse -i`, bench/README.md). `malloc_trim`
 * returns such free pages to the system; they are faulted in again only when
 * used again.
 *
 * @module
 */
import { libc } from "./_libc.ts";

let usable: boolean | undefined;

/**
 * Returns the free memory of every C heap arena to the system (glibc's
 * `malloc_trim(0)`). Does nothing, and returns `false`, where it cannot be
 * asked: without `--allow-ffi`, or with a C library that lacks it (musl).
 *
 * @returns Whether any memory was returned.
 *
 * @example
 * ```ts
 * import { releaseFreeMemory } from "./memory.ts";
 * const released: boolean = releaseFreeMemory();
 * console.log(released ? "memory returned" : "nothing to return");
 * ```
 */
export function releaseFreeMemory(): boolean {
  if (usable === false) return false;
  try {
    const trim = libc().malloc_trim;
    usable = trim !== null;
    return trim !== null && trim(0n) === 1;
  } catch {
    usable = false;
    return false;
  }
}
