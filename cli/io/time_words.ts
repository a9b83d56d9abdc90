/**
 * The `--since`/`--until` times of the event filters: ISO 8601, `@EPOCH`
 * seconds and ausearch's words (`recent`, `today`, `boot`, ...).
 *
 * @module
 */
import { UsageError } from "../usage.ts";

/** The facts a time word needs: the clock and, for `boot`, the boot time. */
export interface TimeContext {
  /** The current time in ms (for `recent`, `today`, ...). */
  readonly now: () => number;
  /** When the machine booted, in ms, if known (for `boot`). */
  readonly bootTime?: () => number | undefined;
}

function localMidnight(ms: number, dayOffset = 0): number {
  const d = new Date(ms);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + dayOffset).getTime();
}

/**
 * Parses a `--since`/`--until` time: ISO 8601 (a bare date is local
 * midnight), `@EPOCH` seconds, or one of ausearch's words. Throws
 * {@linkcode UsageError} for anything else.
 */
export function parseTime(text: string, flag: string, context: TimeContext): number {
  const now = context.now();
  const d = new Date(now);
  switch (text) {
    case "now":
      return now;
    case "recent":
      return now - 10 * 60 * 1000;
    case "today":
      return localMidnight(now);
    case "yesterday":
      return localMidnight(now, -1);
    case "this-week":
      return localMidnight(now, -d.getDay());
    case "week-ago":
      return localMidnight(now, -7);
    case "this-month":
      return new Date(d.getFullYear(), d.getMonth(), 1).getTime();
    case "this-year":
      return new Date(d.getFullYear(), 0, 1).getTime();
    case "boot": {
      const boot = context.bootTime?.();
      if (boot === undefined) throw new UsageError(`--${flag} boot: boot time unknown`);
      return boot;
    }
  }
  if (/^@\d+(\.\d+)?$/.test(text)) return Math.round(Number(text.slice(1)) * 1000);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (date) {
    return new Date(Number(date[1]), Number(date[2]) - 1, Number(date[3])).getTime();
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) {
    const ms = Date.parse(text.replace(" ", "T"));
    if (!Number.isNaN(ms)) return ms;
  }
  throw new UsageError(
    `--${flag}: cannot read time '${text}' (use ISO 8601, @EPOCH, recent, today, yesterday, ...)`,
  );
}
