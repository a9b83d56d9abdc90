/**
 * One shared copy of the executable paths and argument lists the process
 * table keeps. A live stream adds a process per exec, and the table keeps
 * tens of thousands: the same few executables and argument lists each time,
 * each string cut out of its event's record (so keeping it may keep the
 * whole record text). Keeping the first copy instead makes each process a
 * small object of its own and lets the records go. The event JSON cache
 * shares its kept events' record texts the same way (kept events repeat each
 * other's PATH, CWD and PROCTITLE records and the SYSCALL's text around its
 * values).
 *
 * @module
 */

import { flat } from "../parse/_flat.ts";

/** Most distinct values kept per kind; the cache starts over beyond. */
const MAX_VALUES = 4096;

/** Shared copies of strings and argument lists (see the module doc). */
export class Interner {
  readonly #strings = new Map<string, string>();
  readonly #lists = new Map<string, readonly string[]>();
  #last: readonly string[] | undefined;

  /** The shared copy of `text` (`undefined` stays `undefined`). */
  string(text: string): string;
  /** The shared copy of `text` (`undefined` stays `undefined`). */
  string(text: string | undefined): string | undefined;
  /** The shared copy of `text` (`undefined` stays `undefined`). */
  string(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const known = this.#strings.get(text);
    if (known !== undefined) return known;
    if (this.#strings.size >= MAX_VALUES) this.#strings.clear();
    // A flat copy: not a slice that would keep its record's text.
    const copy = flat(text);
    this.#strings.set(copy, copy);
    return copy;
  }

  /** The shared copy of `list` (equal lists share one array, never changed). */
  list(list: readonly string[] | undefined): readonly string[] | undefined {
    if (list === undefined) return undefined;
    // The common case, the same program again: no key to build.
    const last = this.#last;
    if (last !== undefined && sameList(last, list)) return last;
    const key = `${list.length}\0${list.join("\0")}`;
    const known = this.#lists.get(key);
    if (known !== undefined) return this.#last = known;
    if (this.#lists.size >= MAX_VALUES) this.#lists.clear();
    const copy = list.map(flat);
    this.#lists.set(key, copy);
    this.#last = copy;
    return copy;
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
