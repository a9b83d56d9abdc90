/**
 * The detailed reports' lines as data (aureport-output.c
 * `print_per_event_item`): each row is the event time and its cells, in the
 * order of the report's column header. Cells marked `escape` are printed
 * through `--escape`; the others as aureport prints them, raw.
 *
 * @module
 */
import type { ReportConfig, ScannedEvent } from "./engine.ts";
import {
  avcResultWord,
  type LookupContext,
  lookupSyscall,
  lookupUid,
  successWord,
} from "./lookup.ts";
import { auditMsgTypeToName } from "./msg_types.ts";
import { hasBit, rangeBit } from "./_flags.ts";
import { printTtyData } from "../auparse/_tty.ts";

/** One cell of a detailed report line. */
export interface Cell {
  /** The text (`(null)` where C prints a NULL string). */
  readonly v: string;
  /** Printed with `safe_print_string`. */
  readonly escape: boolean;
}

/** One line of a detailed report. */
export interface DetailRow {
  /** Event seconds since the epoch (printed as date and time). */
  readonly sec: number;
  /** The cells after date and time. */
  readonly cells: readonly Cell[];
  /** TTY lines without `data=`: aureport prints the number and date only, without a newline. */
  readonly truncated?: boolean;
}

const raw = (v: string | undefined): Cell => ({ v: v ?? "(null)", escape: false });
// safe_print_string(NULL) prints "(null)" as it is, whatever the escape mode.
const esc = (v: string | undefined): Cell =>
  v === undefined ? { v: "(null)", escape: false } : { v, escape: true };

function has(x: ScannedEvent, type: number): boolean {
  return (x.flags & hasBit(type)) !== 0;
}

function inRange(x: ScannedEvent, low: number, high: number): boolean {
  return (x.flags & rangeBit(low, high)) !== 0;
}

/** Whether the detailed report `kind` lists this event (`per_event_detailed`). */
function selected(x: ScannedEvent, c: ReportConfig): boolean {
  const s = x.s;
  switch (c.kind) {
    case "avc":
      return has(x, 1400) || has(x, 1107);
    case "mac":
      return inRange(x, 1403, 1417) || inRange(x, 2300, 2399);
    case "integrity":
      return inRange(x, 1800, 1899);
    case "virt":
      return inRange(x, 2500, 2599);
    case "config":
      return has(x, 1305) || has(x, 1203) || has(x, 1111) || has(x, 1325) || has(x, 1328) ||
        has(x, 2312) || inRange(x, 1403, 1417);
    case "auth":
      return has(x, 1100) || (has(x, 1102) && s.success === 0);
    case "login":
      return has(x, 1112);
    case "acct":
      return has(x, 1108) || inRange(x, 1114, 1117) || has(x, 1102) || has(x, 1132) ||
        inRange(x, 2301, 2302);
    case "event":
      return true;
    case "file":
      return s.filenames !== undefined;
    case "host":
      return s.hostname !== undefined;
    case "pid":
      return s.pid >= 0;
    case "syscall":
      return s.syscall !== 0;
    case "term":
      return s.terminal !== undefined;
    case "user":
      return s.uid !== 0xffffffff;
    case "exe":
      return s.exe !== undefined;
    case "comm":
      return s.comm !== undefined;
    case "anomaly":
      return inRange(x, 2100, 2199) || inRange(x, 1700, 1799) || has(x, 1326);
    case "response":
      return inRange(x, 2200, 2299);
    case "crypto":
      return inRange(x, 1600, 1699) || inRange(x, 2400, 2499);
    case "key":
      return s.keys !== undefined && s.keys[0] !== undefined && s.keys[0] !== "(null)";
    case "tty":
      return x.ev.e.type === 1319 || x.ev.e.type === 1124;
    default:
      return false;
  }
}

/** The rows the detailed report prints for an event, or `undefined` when it lists none. */
export function detailRows(
  x: ScannedEvent,
  c: ReportConfig,
  ctx: LookupContext,
): DetailRow[] | undefined {
  if (!selected(x, c)) return undefined;
  const { ev, s, il } = x;
  const sec = ev.e.sec;
  const serial = ev.e.serialText ?? String(ev.e.serial);
  const auid = (): string => lookupUid(ctx, s.loginuid, il);
  const sys = (): string => lookupSyscall(ctx, s.syscall, s.arch, il);
  const type = auditMsgTypeToName(ev.e.type);
  const success = successWord(s.success);
  const one = (...cells: Cell[]): DetailRow[] => [{ sec, cells }];
  switch (c.kind) {
    case "avc": {
      const list = s.avc ?? [];
      let i = list.findIndex((a) => a.result !== 0);
      if (i === -1) i = list.length - 1;
      const rows: DetailRow[] = [];
      while (i >= 0 && i < list.length) {
        const an = list[i]!;
        rows.push({
          sec,
          cells: [
            esc(s.comm ?? "?"),
            raw(an.scontext),
            raw(sys()),
            raw(an.cls),
            raw(an.perm),
            raw(an.tcontext),
            raw(avcResultWord(an.result)),
            raw(serial),
          ],
        });
        let j = i + 1;
        while (j < list.length && list[j]!.result === 0) j++;
        i = j;
      }
      return rows;
    }
    case "config":
      return one(raw(type), raw(auid()), raw(success), raw(serial));
    case "auth":
      return one(
        esc(s.acct ?? lookupUid(ctx, s.uid, il)),
        raw(s.hostname),
        raw(s.terminal),
        raw(s.exe),
        raw(success),
        raw(serial),
      );
    case "login":
      return one(
        esc(s.success === 0 && s.acct !== undefined ? s.acct : auid()),
        raw(s.hostname),
        raw(s.terminal),
        raw(s.exe),
        raw(success),
        raw(serial),
      );
    case "acct":
      return one(
        esc(auid()),
        raw(s.hostname ?? "?"),
        raw(s.terminal ?? "?"),
        raw(s.exe ?? "?"),
        raw(s.acct ?? "?"),
        raw(success),
        raw(serial),
      );
    case "event":
      return one(raw(serial), raw(type), esc(auid()), raw(success));
    case "file": {
      const files = s.filenames!;
      let i = 0;
      if (files.length > 1) { while (i < files.length && files[i]!.key === "PARENT") i++; }
      return one(
        esc(files[i]?.str ?? ""),
        raw(sys()),
        raw(success),
        esc(s.exe ?? "?"),
        esc(auid()),
        raw(serial),
      );
    }
    case "host":
      return one(raw(s.hostname), raw(sys()), esc(auid()), raw(serial));
    case "pid":
      return one(raw(String(s.pid >>> 0)), esc(s.exe ?? "?"), raw(sys()), esc(auid()), raw(serial));
    case "syscall":
      return one(
        raw(sys()),
        raw(String(s.pid >>> 0)),
        esc(s.comm ?? "?"),
        esc(auid()),
        raw(serial),
      );
    case "term":
      return one(raw(s.terminal), raw(s.hostname), esc(s.exe), esc(auid()), raw(serial));
    case "user":
      return one(
        esc(auid()),
        raw(s.terminal ?? "?"),
        raw(s.hostname ?? "?"),
        esc(s.exe ?? "?"),
        raw(serial),
      );
    case "exe":
      return one(
        esc(s.exe ?? "?"),
        raw(s.terminal ?? "?"),
        raw(s.hostname ?? "?"),
        esc(auid()),
        raw(serial),
      );
    case "comm":
      return one(
        esc(s.comm ?? "?"),
        raw(s.terminal ?? "?"),
        raw(s.hostname ?? "?"),
        esc(auid()),
        raw(serial),
      );
    case "anomaly":
      return one(
        raw(type),
        esc(s.exe ?? s.comm ?? "?"),
        raw(s.terminal ?? "?"),
        raw(s.hostname ?? "?"),
        esc(auid()),
        raw(serial),
      );
    case "response":
    case "integrity":
    case "virt":
      return one(raw(type), raw(success), raw(serial));
    case "mac":
      return one(raw(auid()), raw(type), raw(success), raw(serial));
    case "crypto":
      return one(esc(auid()), raw(type), raw(success), raw(serial));
    case "key":
      return one(raw(s.keys![0]!), raw(success), esc(s.exe ?? "?"), esc(auid()), raw(serial));
    case "tty": {
      const msg = ev.records[0]!.message;
      const at = msg.indexOf("data=");
      if (at === -1) return [{ sec, cells: [], truncated: true }];
      let data = msg.slice(at + 5);
      const sp = data.lastIndexOf(" ");
      if (sp !== -1) data = data.slice(0, sp);
      return one(
        raw(serial),
        esc(auid()),
        raw(s.terminal ?? "?"),
        raw(String(s.session >>> 0)),
        esc(s.comm ?? "?"),
        raw(printTtyData(data, true)),
      );
    }
    default:
      return undefined;
  }
}
