/**
 * `libaudit search`'s reading: the inputs' bytes into the event grouper
 * (lines found and their headers read in place, nothing decoded), and the
 * one-read test that tells a search that nothing can match.
 *
 * @module
 */
import {
  CLines,
  type EventGrouper,
  type GroupedEvent,
  headerProblem,
  NUL_LINE,
} from "../../interpret/search/mod.ts";
import { AuditLogsError, type LogInput } from "../io/audit_logs.ts";
import { readLogBytes } from "../io/audit_log_read.ts";
import type { Warnings } from "../io/warnings.ts";

/** Where reading an input stopped (for the checkpoint). */
export interface Position {
  /** The input's name. */
  path: string;
  /** Its device. */
  dev: number;
  /** Its inode. */
  ino: number;
  /** Bytes read. */
  offset: number;
  /** Number of the next line. */
  line: number;
}

/** Device, inode and size of a file, `undefined` when it cannot be read. */
export function statFile(path: string): { dev: number; ino: number; size: number } | undefined {
  try {
    const info = Deno.statSync(path);
    return { dev: info.dev ?? 0, ino: info.ino ?? 0, size: info.size };
  } catch {
    return undefined;
  }
}

const DECODER = new TextDecoder();

/**
 * Reads the inputs until every needle has been seen: `"seen"` then, or
 * `"absent"` when some needle is in none of them (bad lines are warned about
 * on the way, as the search would), or an exit status.
 */
export async function prescan(
  inputs: LogInput[],
  needles: RegExp[],
  warnings: Warnings,
): Promise<"seen" | "absent" | number> {
  const seen = needles.map(() => false);
  const pending: string[] = [];
  try {
    for (const input of inputs) {
      let lineNo = 1;
      for await (const chunk of readLogBytes(input, { reusable: () => true })) {
        const buf = chunk.bytes;
        const text = DECODER.decode(buf);
        needles.forEach((re, k) => {
          re.lastIndex = 0;
          if (!seen[k] && re.test(text)) seen[k] = true;
        });
        if (seen.every((x) => x)) return "seen";
        // As many characters as bytes: each byte is one character.
        const ascii = text.length === buf.length;
        // Lines as EventGrouper.addRun reads them (a NUL byte ends one).
        for (const lines = new CLines(buf); lines.next(); lineNo++) {
          const { start, last, end } = lines;
          const bad = last > start
            ? headerProblem(buf, start, last, ascii)
            : last < end
            ? NUL_LINE
            : undefined;
          if (bad !== undefined) pending.push(`${input.name}:${lineNo}: ${bad.reason}`);
        }
      }
    }
  } catch (error) {
    if (error instanceof AuditLogsError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  for (const line of pending) warnings.badLine(line);
  return "absent";
}

/** How to read one input. */
export interface ReadAt {
  /** Where to start (a checkpoint's place). */
  readonly start: { offset: number; line: number } | undefined;
  /** Leave a last line without `\n` unread. */
  readonly hold: boolean;
  /** Whether to look for control characters (only the default format uses the answer). */
  readonly checkControls: boolean;
}

/** Feeds one input's lines to the grouper from its bytes, in place. */
export async function readInput(
  input: LogInput,
  grouper: EventGrouper,
  emit: (event: GroupedEvent) => void,
  warnings: Warnings,
  stopped: () => boolean,
  at: ReadAt,
): Promise<number | Position> {
  const position: Position = {
    path: input.name,
    dev: 0,
    ino: 0,
    offset: at.start?.offset ?? 0,
    line: at.start?.line ?? 1,
  };
  let lineNo = position.line;
  try {
    for await (
      const chunk of readLogBytes(input, {
        ...(at.start === undefined ? {} : { offset: at.start.offset }),
        holdPartialLine: at.hold,
        reusable: (buffer) => !grouper.holds(buffer),
        onOpen: (info) => {
          position.dev = info.dev ?? 0;
          position.ino = info.ino ?? 0;
        },
      })
    ) {
      const buf = chunk.bytes;
      // Whether ENRICHED separators are there to look for, and whether any
      // printed text may need escaping (the text after a separator is not
      // printed), both for the whole run at once.
      const first = lineNo;
      lineNo += grouper.addRun(buf, emit, at.checkControls, (n, _, bad) => {
        warnings.badLine(`${input.name}:${first + n}: ${bad.reason}`);
        return false;
      });
      position.offset = chunk.offset;
      position.line = lineNo;
      if (stopped()) break;
    }
  } catch (error) {
    if (error instanceof AuditLogsError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  return position;
}
