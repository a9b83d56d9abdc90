/**
 * What the `-i` writer knows of a field name in a record type: auparse's
 * type of it and how its value is printed, with a cache of printed values
 * where they depend on nothing but the value.
 *
 * @module
 */

import { ByteCache } from "./_byte_cache.ts";
import { fieldType, RECORD } from "./field.ts";
import { NAME_SLOTS } from "./_record_text.ts";
import type { FieldType } from "./types.ts";

// How a field's value is printed (Kind.how):
/** As written. */
export const K_PLAIN = 0;
/** From the kind's cache by value. */
export const K_CACHED = 1;
/** Quoted or hex text, decoded from the bytes. */
export const K_TEXT = 2;
/** Through interpretWithState each time. */
export const K_OTHER = 3;
/** The field's type depends on its value (`acct`, TRUSTED_APP records). */
export const K_BY_VALUE = 4;
/** a0–a3: by the syscall's interpreter, or `0x` and the value. */
export const K_ARG = 5;
/** syscall: by machine and number. */
export const K_SYSCALL = 6;
/** An ENRICHED translation: by the translation (set per record, not a kind's own). */
export const K_ENRICHED = 7;

/** Bytes of a value kept as a kind's last one. */
export const MEMO = 24;
const EMPTY = new Uint8Array(0);

/** A field name in a record type: its type and how to print it. */
export class Kind {
  /**
   * Makes a kind.
   *
   * @param name The field name.
   * @param ftype auparse's type of the field.
   * @param how How its value is printed (`K_*`).
   * @param cache Printed values by value (`K_CACHED`).
   * @param title Hex text with NULs between arguments (`proctitle`).
   * @param arg Which of a0–a3 (`K_ARG`), else -1.
   */
  constructor(
    readonly name: string,
    readonly ftype: FieldType,
    readonly how: number,
    readonly cache: ByteCache | undefined,
    readonly title: boolean,
    readonly arg: number,
  ) {}
  /** The last value printed from the cache (its first {@linkcode memoLength} bytes). */
  readonly memo: Uint8Array = new Uint8Array(MEMO);
  /** Its length, -1 when none. */
  memoLength: number = -1;
  /** Its printed bytes. */
  memoOut: Uint8Array = EMPTY;
  /** Printed bytes by ENRICHED translation. */
  readonly enriched: Map<string, Uint8Array> = new Map();
}

/** Kinds by record type and name slot. */
export class FieldKinds {
  readonly #kinds = new Map<number, (Kind | undefined)[]>();
  #kindsType = NaN;
  #kindsLast: (Kind | undefined)[] = [];
  readonly #caches = new Map<string, ByteCache>();
  readonly #stableIds: boolean;

  /**
   * Makes an empty table.
   *
   * @param stableIds Whether id names never change (ids are cached then).
   */
  constructor(stableIds: boolean) {
    this.#stableIds = stableIds;
  }

  /** The kinds of record type `type`, by name slot. */
  kindsOf(type: number): (Kind | undefined)[] {
    if (type === this.#kindsType) return this.#kindsLast;
    let kinds = this.#kinds.get(type);
    if (kinds === undefined) this.#kinds.set(type, kinds = new Array(NAME_SLOTS).fill(undefined));
    this.#kindsType = type;
    return this.#kindsLast = kinds;
  }

  /** The kind of field `name` in record type `type`. */
  make(type: number, name: string): Kind {
    if (name === "acct" || type === RECORD.TRUSTED_APP) {
      return new Kind(name, "UNCLASSIFIED", K_BY_VALUE, undefined, false, -1);
    }
    const ftype = fieldType(type, name, "");
    if (ftype === "UNCLASSIFIED") return new Kind(name, ftype, K_PLAIN, undefined, false, -1);
    if (
      name !== "key" && (ftype === "ESCAPED" || ftype === "ESCAPED_FILE" || ftype === "PROCTITLE")
    ) {
      return new Kind(name, ftype, K_TEXT, undefined, ftype === "PROCTITLE", -1);
    }
    if (ftype === "SYSCALL") return new Kind(name, ftype, K_SYSCALL, undefined, false, -1);
    const arg = ftype === "A0"
      ? 0
      : ftype === "A1"
      ? 1
      : ftype === "A2"
      ? 2
      : ftype === "A3"
      ? 3
      : -1;
    if (arg >= 0) return new Kind(name, ftype, K_ARG, undefined, false, arg);
    if ((ftype === "UID" || ftype === "GID") && !this.#stableIds) {
      return new Kind(name, ftype, K_OTHER, undefined, false, -1);
    }
    // The rest print from the value alone (ARCH too: a SYSCALL record's
    // machine comes from that very value).
    const id = name === "key" ? `key ${ftype}` : ftype;
    let cache = this.#caches.get(id);
    if (cache === undefined) this.#caches.set(id, cache = new ByteCache());
    return new Kind(name, ftype, K_CACHED, cache, false, -1);
  }
}
