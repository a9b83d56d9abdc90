/**
 * The kernel audit state a run changes, done safely (issue 10 items 9, 10):
 *
 * - the audit pid is registered FIRST, so a run that loses the race to
 *   another daemon changes nothing;
 * - each change is journaled before it is made (`kernel_journal.ts`) and
 *   undone at the end only if it happened and the kernel still holds the
 *   value this run set (auditing is left on when another daemon holds the
 *   pid by then);
 * - while the run goes on, the kernel's state is polled and a change made
 *   by someone else is reported;
 * - what a killed run left is put back by the next run, or by
 *   `libaudit set --restore`.
 *
 * @module
 */
import { AuditClient, type AuditStatus, NetlinkError } from "../../netlink/mod.ts";
import { addRulesFromText } from "../commands/rules_load.ts";
import { parseRulesFile, RulesFileError } from "../../rule/mod.ts";
import { hostParseOptions } from "./rules_host.ts";
import {
  ChangeJournal,
  type ChangeRecord,
  claimLeftovers,
  fromHex,
  processStart,
  type Setting,
  SETTING_NAMES,
  STATE_DIR,
  toHex,
} from "./kernel_journal.ts";

/** What to change for the run. */
export interface KernelSessionOptions {
  /** The event client; with `daemon`, registered as the audit daemon first. */
  readonly events: AuditClient;
  /** Register as the audit daemon and make sure auditing is on. */
  readonly daemon: boolean;
  /** The backlog limit for the run. */
  readonly backlogLimit?: number | undefined;
  /** The rate limit for the run. */
  readonly rateLimit?: number | undefined;
  /** Rules (auditctl syntax) to add for the run, and the file's name for messages. */
  readonly rules?: { readonly text: string; readonly name: string } | undefined;
  /** Where warnings go (one line each). */
  readonly warn: (message: string) => void;
  /** The command, recorded in the journal (default `stream`). */
  readonly command?: string;
  /** The journal directory (default {@linkcode STATE_DIR}). */
  readonly stateDir?: string;
  /** How often the kernel's state is checked while the run goes on, in ms (default 2000; 0: never). */
  readonly watchIntervalMs?: number;
}

/** The settings a run holds, as the watcher expects them. */
interface Expected {
  pid: number | undefined;
  enabled: boolean;
  settings: Map<Setting, number>;
}

/**
 * Puts back what `record` changed, where the kernel still holds the value
 * it set; returns one line per setting or rule group, restored or left.
 * `self` is this process (its own run may still hold the pid).
 */
export async function undoChanges(
  control: AuditClient,
  record: ChangeRecord,
  self: number,
): Promise<string[]> {
  const lines: string[] = [];
  let deleted = 0;
  let absent = 0;
  for (const hex of [...record.rules].reverse()) {
    try {
      await control.deleteRule(fromHex(hex));
      deleted++;
    } catch (e) {
      if (!(e instanceof NetlinkError) || e.code !== "ENOENT") throw e;
      absent++;
    }
  }
  if (deleted + absent > 0) {
    lines.push(
      `deleted ${deleted} rule(s) added by ${record.command} pid ${record.pid}` +
        (absent ? ` (${absent} already gone)` : ""),
    );
  }
  const status = await control.getStatus();
  const order: Setting[] = ["rateLimit", "backlogLimit", "enabled"];
  for (const setting of order) {
    const change = record.settings.get(setting);
    if (change === undefined) continue;
    const now = setting === "enabled" ? status.enabled : status[setting];
    const name = SETTING_NAMES[setting];
    if (now !== change.to) {
      lines.push(
        `left ${name} at ${now}: it was changed since (set ${change.to} by pid ${record.pid})`,
      );
      continue;
    }
    const daemon = status.pid !== 0 && status.pid !== self &&
      processStart(status.pid) !== undefined;
    if (setting === "enabled" && daemon) {
      lines.push(`left enabled at ${now}: pid ${status.pid} is the audit daemon now`);
      continue;
    }
    if (setting === "enabled") await control.setEnabled(change.from !== 0);
    else if (setting === "backlogLimit") await control.setBacklogLimit(change.from);
    else await control.setRateLimit(change.from);
    lines.push(
      `restored ${name} ${change.to} -> ${change.from} (set by ${record.command} pid ${record.pid})`,
    );
  }
  return lines;
}

/**
 * Restores what runs that no longer run (killed) left in `stateDir`;
 * returns what it did, one line each, and removes their journals.
 */
export async function restoreLeftovers(
  control: AuditClient,
  stateDir: string = STATE_DIR,
): Promise<string[]> {
  const lines: string[] = [];
  for (const { path, record } of claimLeftovers(stateDir)) {
    lines.push(...await undoChanges(control, record, Deno.pid));
    Deno.removeSync(path);
  }
  return lines;
}

/** Throws the `RulesFileError` that adding `rules` would throw, before anything is added. */
async function checkRules(
  control: AuditClient,
  rules: { readonly text: string; readonly name: string },
): Promise<void> {
  const features = (await control.getStatus()).featureBitmap;
  const { errors } = parseRulesFile(rules.text, {
    ...hostParseOptions(features),
    file: rules.name,
  });
  if (errors.length > 0) throw new RulesFileError(errors, rules.name);
}

/** A run's changes to the kernel's audit state: made by {@linkcode start}, undone by {@linkcode end}. */
export class KernelSession {
  readonly #control: AuditClient | undefined;
  readonly #journal: ChangeJournal | undefined;
  readonly #warn: (message: string) => void;
  readonly #settings = new Map<Setting, { from: number; to: number }>();
  readonly #rules: Uint8Array[] = [];
  readonly #expected: Expected;
  #watch: ReturnType<typeof setInterval> | undefined;
  #watching: Promise<void> | undefined;
  readonly #warned = new Set<string>();

  private constructor(
    control: AuditClient | undefined,
    journal: ChangeJournal | undefined,
    warn: (m: string) => void,
    daemon: boolean,
  ) {
    this.#control = control;
    this.#journal = journal;
    this.#warn = warn;
    this.#expected = { pid: daemon ? Deno.pid : undefined, enabled: daemon, settings: new Map() };
  }

  /**
   * Restores leftovers of killed runs, registers as the daemon (first, when
   * `daemon`), then makes and journals each change. On failure, undoes what
   * it did and throws.
   */
  static async start(options: KernelSessionOptions): Promise<KernelSession> {
    const changes = options.backlogLimit !== undefined || options.rateLimit !== undefined ||
      options.rules !== undefined;
    if (!options.daemon && !changes) {
      return new KernelSession(undefined, undefined, options.warn, false);
    }
    const control = AuditClient.open({ receiveBufferSize: 0 });
    const stateDir = options.stateDir ?? STATE_DIR;
    const session = new KernelSession(
      control,
      new ChangeJournal(stateDir, options.command ?? "stream"),
      options.warn,
      options.daemon,
    );
    try {
      for (const line of await restoreLeftovers(control, stateDir)) {
        options.warn(`a killed run's change: ${line}`);
      }
      // A bad rules file is refused before anything happens, registering included.
      if (options.rules !== undefined) await checkRules(control, options.rules);
      if (options.daemon) await options.events.setPid();
      await session.#apply(options);
    } catch (e) {
      await session.end();
      throw e;
    }
    session.#startWatch(options.watchIntervalMs ?? 2000);
    return session;
  }

  async #apply(options: KernelSessionOptions): Promise<void> {
    const control = this.#control!;
    const status = await control.getStatus();
    if (options.backlogLimit !== undefined && options.backlogLimit !== status.backlogLimit) {
      await this.#set("backlogLimit", status.backlogLimit, options.backlogLimit);
    }
    if (options.rateLimit !== undefined && options.rateLimit !== status.rateLimit) {
      await this.#set("rateLimit", status.rateLimit, options.rateLimit);
    }
    if (options.rules !== undefined) await this.#addRules(options.rules.text, options.rules.name);
    if (options.daemon && status.enabled === 0) await this.#set("enabled", 0, 1);
  }

  async #set(setting: Setting, from: number, to: number): Promise<void> {
    const control = this.#control!;
    this.#record(() => this.#journal!.setting(setting, from, to));
    try {
      if (setting === "enabled") await control.setEnabled(to !== 0);
      else if (setting === "backlogLimit") await control.setBacklogLimit(to);
      else await control.setRateLimit(to);
    } catch (e) {
      this.#record(() => this.#journal!.settingFailed(setting));
      throw e;
    }
    this.#settings.set(setting, { from, to });
    if (setting !== "enabled") this.#expected.settings.set(setting, to);
  }

  async #addRules(text: string, name: string): Promise<void> {
    const control = this.#control!;
    // addRulesFromText needs only these two calls; each rule is journaled
    // before it is sent, and marked failed when the kernel refuses it or
    // already has it (then it is not ours to delete).
    const journaled = {
      getStatus: () => control.getStatus(),
      addRule: async (bytes: Uint8Array): Promise<void> => {
        this.#record(() => this.#journal!.rule(bytes));
        try {
          await control.addRule(bytes);
        } catch (e) {
          this.#record(() => this.#journal!.ruleFailed(bytes));
          throw e;
        }
        this.#rules.push(bytes);
      },
    };
    await addRulesFromText(journaled as unknown as AuditClient, text, name);
  }

  /** Journals; a journal that cannot be written is said once, and the run goes on. */
  #record(write: () => void): void {
    try {
      write();
    } catch (e) {
      this.#warnOnce(
        "journal",
        `cannot record the kernel changes in ${STATE_DIR} (${
          (e as Error).message
        }): if this run is killed, they stay`,
      );
    }
  }

  #warnOnce(key: string, message: string): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    this.#warn(message);
  }

  #startWatch(intervalMs: number): void {
    if (intervalMs <= 0 || this.#control === undefined) return;
    this.#watch = setInterval(() => {
      this.#watching ??= this.#check().finally(() => this.#watching = undefined);
    }, intervalMs);
  }

  /** Compares the kernel's state with what the run set; says each new difference once. */
  async #check(): Promise<void> {
    let status: AuditStatus;
    try {
      status = await this.#control!.getStatus();
    } catch {
      return;
    }
    for (const message of stateDrift(this.#expected, status)) this.#warnOnce(message, message);
  }

  /**
   * Stops watching and undoes this run's changes where the kernel still
   * holds them (close the event client first, so the pid is released).
   * Removes the journal when all is undone; otherwise keeps it for
   * `libaudit set --restore` and says so.
   */
  async end(): Promise<void> {
    if (this.#watch !== undefined) clearInterval(this.#watch);
    await this.#watching;
    const control = this.#control;
    if (control === undefined) return;
    let clean = true;
    try {
      const record: ChangeRecord = {
        pid: Deno.pid,
        start: processStart(Deno.pid),
        command: "this run",
        settings: this.#settings,
        rules: this.#rules.map(toHex),
      };
      for (const line of await undoChanges(control, record, Deno.pid)) {
        if (line.startsWith("left")) this.#warn(line);
      }
    } catch (e) {
      clean = false;
      this.#warn(
        `could not restore the kernel's audit settings (${
          (e as Error).message
        }); run libaudit set --restore`,
      );
    } finally {
      try {
        this.#journal?.close(clean);
      } catch {
        // The journal stays; set --restore finds it.
      }
      await control.close();
    }
  }
}

/** The differences between what a run set and the kernel's state, as messages. */
export function stateDrift(
  expected: {
    readonly pid: number | undefined;
    readonly enabled: boolean;
    readonly settings: ReadonlyMap<Setting, number>;
  },
  status: AuditStatus,
): string[] {
  const out: string[] = [];
  if (expected.pid !== undefined && status.pid !== expected.pid) {
    out.push(
      status.pid === 0
        ? "the kernel no longer sends events to this process: the audit pid was cleared"
        : `pid ${status.pid} took over as the audit daemon: this process receives no more events`,
    );
  }
  if (expected.enabled && status.enabled === 0) {
    out.push("auditing was turned off (enabled=0) by another process: no events will come");
  }
  for (const [setting, value] of expected.settings) {
    const now = status[setting as "backlogLimit" | "rateLimit"];
    if (now !== value) {
      out.push(
        `the ${
          SETTING_NAMES[setting]
        } was changed to ${now} by another process (this run set ${value})`,
      );
    }
  }
  return out;
}
