/**
 * A kept event of the event JSON cache (`event_json_cache.ts`) and what
 * building and filling one needs (private).
 *
 * @module
 */
import { AUDIT_SYSCALL } from "../parse/tables/record_type_constants.ts";
import { VARYING_COUNT, type VaryingValues } from "../parse/_varying.ts";
import type { ContextFacts } from "./context_facts.ts";

/** One kept event: its records' text (the SYSCALL's in pieces around the values) and JSON pieces. */
export interface Entry {
  readonly count: number;
  readonly types: readonly number[];
  readonly node: string | undefined;
  /** Which of `VARYING_FIELDS` are put in (bit k: field k). */
  readonly mask: number;
  /** The first record's text from its body on, around the values put in. */
  readonly segments: readonly string[];
  /**
   * The other records' text from their bodies on; of a record cut by
   * `unixSockaddrCut`, its body up to the cut.
   */
  readonly bodies: readonly string[];
  /**
   * When a record was cut: of each cut record, its text after the fields
   * (the ENRICHED tail); undefined for the others.
   */
  readonly tails: readonly (string | undefined)[] | undefined;
  /**
   * JSON pieces; `holes[i]` goes between `parts[i]` and `parts[i + 1]`.
   * Undefined once they are kept as {@linkcode Entry.partBytes} only: the
   * cache's largest part (3.6 MB of the 2,048 events kept from the RAW
   * corpus), and `parse -i -f json` never reads the text back
   * (`EventJsonCache.foundJson` decodes it then).
   */
  parts: readonly string[] | undefined;
  /** Shared by the entries with the same holes (see `sharedHoles`). */
  readonly holes: readonly number[];
  /**
   * `parts` in UTF-8, views into one buffer, for `EventJsonCache.writeFound`;
   * undefined when a hole takes process context (those go through the text).
   */
  partBytes: readonly Uint8Array[] | undefined;
  /** The bytes of `partBytes` together. */
  byteLength: number;
  readonly builtAt: number;
  /** With process context: the kept event's facts for it (pid, ppid and a0 put in). */
  readonly facts: ContextFacts | undefined;
  /** With process context: the kept event's own tags. */
  readonly tags: readonly string[] | undefined;
  /** With process context: which of `process`, `tags` and the event were empty (bits). */
  readonly empty: number;
  /** Lookups it answered. */
  hits: number;
  /** Events with its hash not kept while it had no hits (see `EventJsonCache.#unused`). */
  passed: number;
}

/**
 * Whether each value of `values` in `mask` occurs in `json` once (where it is
 * put in): then no other part of the event copies it.
 */
export function onlyOnce(json: string, text: string, values: VaryingValues, mask: number): boolean {
  for (let k = 0; k < VARYING_COUNT; k++) {
    if ((mask & (1 << k)) === 0) continue;
    const value = values.value(text, k);
    const at = json.indexOf(value);
    if (at < 0 || json.indexOf(value, at + 1) >= 0) return false;
  }
  return true;
}

/** What the type of an event's first record adds to its hash (nothing for SYSCALL). */
export function otherType(type: number): number {
  return type === AUDIT_SYSCALL ? 0 : type << 16;
}

const decoder = new TextDecoder();

/** The JSON pieces of `entry` as text (decoded from its bytes when only those are kept). */
export function partsOf(entry: Entry): readonly string[] {
  return entry.parts ?? entry.partBytes!.map((bytes) => decoder.decode(bytes));
}

/**
 * One array for each list of holes: kept events with the same holes (all
 * but those with process context: the same values put in) share it.
 */
const holeLists = new Map<string, readonly number[]>();

/** `holes`, or an equal list kept before. */
export function sharedHoles(holes: readonly number[]): readonly number[] {
  if (holes.length > 16) return holes;
  const key = holes.join();
  const kept = holeLists.get(key);
  if (kept !== undefined) return kept;
  if (holeLists.size < 256) holeLists.set(key, holes);
  return holes;
}
