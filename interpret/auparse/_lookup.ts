/**
 * Lookups over the generated tables, as auparse's generated `*_i2s`
 * functions and `*_table` transtabs behave.
 *
 * @module
 */

import type { Table } from "./tables.ts";

/** An `xxx_i2s` lookup: the first name given for a value (as a C `int`). */
export class I2S {
  #table: Table;
  #map: Map<number, string> | undefined;
  constructor(table: Table) {
    this.#table = table;
  }
  /** The name of `value` (compared as a C `int`), or `undefined`. */
  get(value: number): string | undefined {
    if (this.#map === undefined) {
      this.#map = new Map();
      for (const [v, s] of this.#table) if (!this.#map.has(v)) this.#map.set(v, s);
    }
    return this.#map.get(value | 0);
  }
}

/**
 * Joins the names of the transtab entries whose bits are set in `flags`,
 * in table order, with `sep`; `limit` stops after that many entries.
 */
export function joinFlags(table: Table, flags: number, sep: string, limit = table.length): string {
  let out = "";
  for (let i = 0; i < limit && i < table.length; i++) {
    const [v, s] = table[i]!;
    if ((v & flags) !== 0) out += out === "" ? s : sep + s;
  }
  return out;
}

/** Like {@linkcode joinFlags} for a 64-bit value (the table's int values sign-extended). */
export function joinFlags64(table: Table, flags: bigint, sep: string): string {
  let out = "";
  for (const [v, s] of table) {
    if ((BigInt(v) & flags) !== 0n) out += out === "" ? s : sep + s;
  }
  return out;
}
