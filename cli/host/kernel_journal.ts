/**
 * The journal of the kernel audit settings a run changed, kept under
 * `/run/libaudit` so that what a killed run left behind can be put back
 * (issue 10 item 10).
 *
 * One file per process, `changes-PID.jsonl`, created with
 * `openPrivateFile` (0600, `O_EXCL`, no symlinks). Each line is one
 * record appended with a single write, so the file is always a valid
 * prefix: a header naming the process, then each change written BEFORE it
 * is made (`{"set":"enabled","from":0,"to":1}`, `{"rule":"HEX"}`) and a
 * `{"failed":…}` line when it did not happen. A clean exit undoes the
 * changes, appends `{"done":true}` and removes the file.
 *
 * @module
 */
import { checkPrivateDirectory, openPrivateFile } from "../../sys/open.ts";
import { parseStat } from "./proc.ts";

/** Where the journals live. */
export const STATE_DIR = "/run/libaudit";

/** The numeric settings a run may change. */
export type Setting = "enabled" | "backlogLimit" | "rateLimit";

/** The settings' names in messages. */
export const SETTING_NAMES: Readonly<Record<Setting, string>> = {
  enabled: "enabled",
  backlogLimit: "backlog limit",
  rateLimit: "rate limit",
};

/** A setting changed from one value to another. */
export interface SettingChange {
  /** The value before the run. */
  readonly from: number;
  /** The value the run set. */
  readonly to: number;
}

/** Everything one run changed (or was about to change), folded from its journal. */
export interface ChangeRecord {
  /** The pid of the run. */
  readonly pid: number;
  /** Its start time in clock ticks since boot (`/proc/PID/stat`), to tell a reused pid. */
  readonly start: number | undefined;
  /** The command, e.g. `stream`. */
  readonly command: string;
  /** The settings changed, in the order they were changed. */
  readonly settings: ReadonlyMap<Setting, SettingChange>;
  /** The rules added, as `struct audit_rule_data` in hex, in the order they were added. */
  readonly rules: readonly string[];
}

type Line =
  | { v: 1; pid: number; start?: number; command: string }
  | { set: Setting; from: number; to: number }
  | { rule: string }
  | { failed: Setting }
  | { failedRule: string }
  | { done: true };

/** The start time of `pid` in clock ticks since boot, or undefined when it does not run. */
export function processStart(pid: number): number | undefined {
  try {
    return parseStat(Deno.readTextFileSync(`/proc/${pid}/stat`))?.startTicks;
  } catch {
    return undefined;
  }
}

/** Whether the process that wrote `record` still runs (same pid, same start time). */
export function isAlive(record: Pick<ChangeRecord, "pid" | "start">): boolean {
  const start = processStart(record.pid);
  return start !== undefined && (record.start === undefined || start === record.start);
}

/** Hex of rule bytes, as the journal keeps them. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Rule bytes from the journal's hex. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(hex.length >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Folds a journal's text into a {@linkcode ChangeRecord}; undefined when it
 * has no valid header. A torn last line is ignored.
 */
export function readJournal(text: string): ChangeRecord | undefined {
  let header: { pid: number; start?: number; command: string } | undefined;
  const settings = new Map<Setting, SettingChange>();
  const rules: string[] = [];
  for (const raw of text.split("\n")) {
    if (raw === "") continue;
    let line: Line;
    try {
      line = JSON.parse(raw);
    } catch {
      continue;
    }
    if ("v" in line) header = line;
    else if ("set" in line) settings.set(line.set, { from: line.from, to: line.to });
    else if ("failed" in line) settings.delete(line.failed);
    else if ("done" in line) {
      settings.clear();
      rules.length = 0;
    } else if ("rule" in line) rules.push(line.rule);
    else if ("failedRule" in line) {
      const i = rules.lastIndexOf(line.failedRule);
      if (i >= 0) rules.splice(i, 1);
    }
  }
  if (header === undefined || !Number.isInteger(header.pid)) return undefined;
  return {
    pid: header.pid,
    start: header.start,
    command: String(header.command),
    settings,
    rules,
  };
}

/** Makes `dir` (0700) when missing and checks that no other user controls it. */
export function ensureStateDir(dir: string): void {
  try {
    Deno.mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if (!(e instanceof Deno.errors.AlreadyExists)) throw e;
  }
  checkPrivateDirectory(dir);
}

/** The journal of this process: appends one record per line; nothing is written until needed. */
export class ChangeJournal {
  readonly #dir: string;
  readonly #command: string;
  #file: Deno.FsFile | undefined;
  /** The journal's path once created. */
  path: string | undefined;

  /** A journal for `command` in `dir` (created on the first change). */
  constructor(dir: string, command: string) {
    this.#dir = dir;
    this.#command = command;
  }

  #append(line: Line): void {
    if (this.#file === undefined) {
      ensureStateDir(this.#dir);
      const path = `${this.#dir}/changes-${Deno.pid}.jsonl`;
      this.#file = openPrivateFile(path, { append: true });
      this.path = path;
      const start = processStart(Deno.pid);
      this.#write({
        v: 1,
        pid: Deno.pid,
        ...(start === undefined ? {} : { start }),
        command: this.#command,
      });
    }
    this.#write(line);
  }

  #write(line: Line): void {
    const bytes = new TextEncoder().encode(JSON.stringify(line) + "\n");
    let done = 0;
    while (done < bytes.length) done += this.#file!.writeSync(bytes.subarray(done));
  }

  /** Records a setting about to change. */
  setting(setting: Setting, from: number, to: number): void {
    this.#append({ set: setting, from, to });
  }

  /** Records that the setting's change did not happen. */
  settingFailed(setting: Setting): void {
    this.#append({ failed: setting });
  }

  /** Records a rule about to be added. */
  rule(bytes: Uint8Array): void {
    this.#append({ rule: toHex(bytes) });
  }

  /** Records that the rule was not added (refused, or already there). */
  ruleFailed(bytes: Uint8Array): void {
    this.#append({ failedRule: toHex(bytes) });
  }

  /**
   * Closes the journal. `done` (everything was undone) marks it so and
   * deletes it; a process that has switched to another user may no longer
   * delete it, and the mark then tells the next run there is nothing to do.
   */
  close(done: boolean): void {
    if (this.#file === undefined) return;
    try {
      if (done) this.#write({ done: true });
    } finally {
      this.#file.close();
      this.#file = undefined;
    }
    if (done && this.path !== undefined) {
      try {
        Deno.removeSync(this.path);
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound || e instanceof Deno.errors.PermissionDenied)) {
          throw e;
        }
      }
    }
  }
}

/**
 * The journals in `dir` of processes that no longer run, without claiming
 * them (for a note; {@linkcode claimLeftovers} takes them). Unreadable
 * directories and files count as none.
 */
export function findLeftovers(dir: string = STATE_DIR): ChangeRecord[] {
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].filter((e) => e.isFile).map((e) => e.name);
  } catch {
    return [];
  }
  const out: ChangeRecord[] = [];
  for (const name of names.sort()) {
    if (!/^changes-\d+\.jsonl$/.test(name)) continue;
    try {
      const record = readJournal(Deno.readTextFileSync(`${dir}/${name}`));
      if (
        record !== undefined && !isAlive(record) &&
        record.settings.size + record.rules.length > 0
      ) out.push(record);
    } catch {
      // Not readable: nothing to say about it.
    }
  }
  return out;
}

/** A journal left by a process that no longer runs, claimed for restoring. */
export interface Leftover {
  /** The claimed file (renamed so that no other run restores it too). */
  readonly path: string;
  /** What it holds. */
  readonly record: ChangeRecord;
}

/**
 * Claims the journals in `dir` whose process no longer runs (renaming each
 * to `restoring-OURPID-PID.jsonl`, so two runs never restore the same one).
 * Journals that cannot be read are skipped; the directory missing means none.
 */
export function claimLeftovers(dir: string): Leftover[] {
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].filter((e) => e.isFile).map((e) => e.name);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  checkPrivateDirectory(dir);
  const out: Leftover[] = [];
  for (const name of names.sort()) {
    const m = /^(?:changes-(\d+)|restoring-(\d+)-\d+)\.jsonl$/.exec(name);
    if (m === null) continue;
    const path = `${dir}/${name}`;
    let record: ChangeRecord | undefined;
    try {
      record = readJournal(Deno.readTextFileSync(path));
    } catch {
      continue;
    }
    if (record === undefined) continue;
    // A restoring- file belongs to the restorer named in it while that one runs.
    const owner = m[1] !== undefined ? record : { pid: Number(m[2]), start: undefined };
    if (isAlive(owner)) continue;
    const claimed = `${dir}/restoring-${Deno.pid}-${record.pid}.jsonl`;
    try {
      Deno.renameSync(path, claimed);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue; // another run claimed it first
      throw e;
    }
    out.push({ path: claimed, record });
  }
  return out;
}
