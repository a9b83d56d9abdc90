/**
 * The reassembler's state at a cut between two byte ranges of parallel
 * `libaudit parse` (see `parallel.ts`), and the test that a range whose
 * start state was rebuilt from a warm-up window printed what one thread
 * prints.
 *
 * The warm-up state B of a range and the exact state A at its start (the
 * previous range's end) usually differ only in old events: A holds events
 * opened long before (a lone record that never completes stays open until
 * the end of the input) and B holds pieces of events cut by the window's
 * start. Write A = Z ++ C and B = Y ++ C, C their longest common suffix (open
 * events are kept oldest first). If no record of the range has the serial of
 * an event of Z or Y, and no event completed by overflow (too many open) in
 * either run, then the events of Z and Y are never touched: the range emits
 * the same events from A as from B, and its exact end state is Z followed by
 * its end state without Y. Otherwise the range is run again from A.
 *
 * @module
 */
import { type AuditMessage, parseLogLine, type ReassemblerSnapshot } from "../../parse/mod.ts";
import { Message } from "../../parse/message.ts";

/**
 * The log line of a record a range parsed (`parseLogLine` makes a
 * `Message`, which keeps the line it was parsed from): a range's
 * reassembler holds the records themselves, not a wrapper per record with
 * its line (a 6-field object for each of the ~5 million records of the
 * 933 MiB log).
 */
export function lineOf(message: AuditMessage): string {
  if (message instanceof Message) return message.line;
  throw new TypeError("a range's record has no log line");
}

/** A reassembler's state, canonical: equal strings, equal futures. */
export interface RangeState {
  /** Each open event (oldest first) as a string. */
  readonly open: string[];
  /** Their serials. */
  readonly seqs: number[];
  /** The split serials waiting for their next piece. */
  readonly split: string;
}

/** The state of a reassembler with nothing open. */
export const EMPTY_STATE: RangeState = { open: [], seqs: [], split: "[]" };

/** `snapshot` as a {@linkcode RangeState} (records by their lines). */
export function encodeState(snapshot: ReassemblerSnapshot<AuditMessage>): RangeState {
  return {
    open: snapshot.open.map((e) =>
      JSON.stringify([
        e.sequence,
        e.timestamp,
        e.node ?? null,
        e.openedAt,
        e.flags,
        e.part,
        e.messages.map(lineOf),
      ])
    ),
    seqs: snapshot.open.map((e) => e.sequence),
    split: JSON.stringify(snapshot.split),
  };
}

/** The snapshot a {@linkcode RangeState} was made of (lines parsed again). */
export function decodeState(state: RangeState): ReassemblerSnapshot<AuditMessage> {
  return {
    open: state.open.map((text) => {
      const [sequence, timestamp, node, openedAt, flags, part, lines] = JSON.parse(text) as [
        number,
        number,
        string | null,
        number,
        number,
        number,
        string[],
      ];
      return {
        sequence,
        timestamp,
        node: node ?? undefined,
        openedAt,
        flags,
        part,
        messages: lines.map(parseLogLine),
      };
    }),
    split: JSON.parse(state.split),
  };
}

/** What a range reports for {@linkcode continueState}. */
export interface RangeOutcome {
  /** State after the warm-up. */
  readonly startState: RangeState;
  /** State at the range's end. */
  readonly endState: RangeState;
  /** Most events open at once during the range (after each record). */
  readonly peakOpen: number;
  /** Events completed because too many were open, during the range. */
  readonly overflows: number;
  /** The serials of the range's records: runs `from, to` (inclusive), in record order. */
  readonly serials: readonly number[];
}

/**
 * The exact state at the end of a range that ran from its warm-up state,
 * given the exact state `exact` at its start; undefined when the range's
 * output may differ from one thread's (then run it again from `exact`).
 */
export function continueState(
  exact: RangeState,
  range: RangeOutcome,
  maxInFlight: number,
): RangeState | undefined {
  const start = range.startState;
  if (start.split !== exact.split) return undefined;
  let common = 0;
  while (
    common < start.open.length && common < exact.open.length &&
    start.open[start.open.length - 1 - common] === exact.open[exact.open.length - 1 - common]
  ) common++;
  const z = exact.open.length - common; // old events only the exact state has
  const y = start.open.length - common; // pieces only the warm-up has
  if (z === 0 && y === 0) return range.endState;
  if (range.overflows > 0 || range.peakOpen - y + z > maxInFlight) return undefined;
  for (let i = 0; i < z; i++) if (has(range.serials, exact.seqs[i]!)) return undefined;
  for (let i = 0; i < y; i++) if (has(range.serials, start.seqs[i]!)) return undefined;
  const end = range.endState;
  for (let i = 0; i < y; i++) if (end.open[i] !== start.open[i]) return undefined;
  return {
    open: [...exact.open.slice(0, z), ...end.open.slice(y)],
    seqs: [...exact.seqs.slice(0, z), ...end.seqs.slice(y)],
    split: end.split,
  };
}

function has(runs: readonly number[], value: number): boolean {
  for (let i = 0; i < runs.length; i += 2) {
    if (value >= runs[i]! && value <= runs[i + 1]!) return true;
  }
  return false;
}
