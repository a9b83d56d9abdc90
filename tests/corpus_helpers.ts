/**
 * Helpers for real-data tests: record a small audit log with
 * `../shared/corpus/make-corpus.sh` (RAW or ENRICHED), remember which user
 * and group names the machine had while it ran, and count the events that
 * reassembly and coalescing make of a log.
 *
 * @module
 */
import { type AuditMessage, ParseError, parseLogLine, Reassembler } from "../parse/mod.ts";
import { coalesce } from "../interpret/mod.ts";
import { AuditClient } from "../netlink/mod.ts";

/** The recording script, next to the repository (absent on most machines but CI's). */
export const MAKE_CORPUS: string =
  new URL("../../shared/corpus/make-corpus.sh", import.meta.url).pathname;

/** The log formats make-corpus.sh records. */
export type CorpusFormat = "RAW" | "ENRICHED";

/** Ids mapped to every name they had in `/etc/passwd` or `/etc/group` while a recording ran. */
export interface IdNames {
  /** uid → names seen. */
  readonly users: Map<number, Set<string>>;
  /** gid → names seen. */
  readonly groups: Map<number, Set<string>>;
  /** uids that were absent from at least one snapshot (auditd writes `unknown(N)` then). */
  readonly usersSometimesMissing: Set<number>;
  /** gids that were absent from at least one snapshot. */
  readonly groupsSometimesMissing: Set<number>;
}

/** A recorded log. */
export interface RecordedCorpus {
  /** Path of the audit.log. */
  readonly path: string;
  /** The log's text. */
  readonly text: string;
  /** Names of ids while it was recorded. */
  readonly names: IdNames;
  /** How long the recording took, in ms. */
  readonly ms: number;
}

/** PATH with the sbin directories added, where Debian puts auditd, auditctl and aureport. */
function sbinPath(): string {
  const path = Deno.env.get("PATH") ?? "/usr/bin:/bin";
  const dirs = path.split(":");
  for (const d of ["/usr/sbin", "/sbin"]) if (!dirs.includes(d)) dirs.push(d);
  return dirs.join(":");
}

/** Whether `program` is installed (on PATH, /usr/sbin or /sbin). */
export function installed(program: string): boolean {
  for (const dir of sbinPath().split(":")) {
    try {
      if (Deno.statSync(`${dir}/${program}`).isFile) return true;
    } catch {
      // Not in this directory.
    }
  }
  return false;
}

/**
 * Why corpus recordings cannot run here (no make-corpus.sh, no auditd), or
 * `undefined`; root and the kernel are `kernelTest`'s to check.
 */
export function corpusSkipReason(): string | undefined {
  try {
    Deno.statSync(MAKE_CORPUS);
  } catch {
    return `${MAKE_CORPUS} is absent`;
  }
  if (!installed("auditd") || !installed("auditctl")) {
    return "auditd (the Debian package) is not installed";
  }
  return undefined;
}

/** Why a recording cannot start right now (another audit daemon registered), or `undefined`. */
export async function daemonRunning(): Promise<string | undefined> {
  const out = await new Deno.Command("pgrep", { args: ["-a", "-x", "auditd"], stdout: "piped" })
    .output().catch(() => undefined);
  if (out === undefined || !out.success) return undefined;
  return `an auditd is running (${new TextDecoder().decode(out.stdout).trim()})`;
}

/** Parses `/etc/passwd` or `/etc/group` text into id → name. */
export function idDatabase(text: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of text.split("\n")) {
    const [name, , id] = line.split(":");
    if (name === undefined || id === undefined || !/^\d+$/.test(id)) continue;
    if (!out.has(Number(id))) out.set(Number(id), name);
  }
  return out;
}

function snapshotter(): { take(): void; names: IdNames } {
  const names: IdNames = {
    users: new Map(),
    groups: new Map(),
    usersSometimesMissing: new Set(),
    groupsSometimesMissing: new Set(),
  };
  const snapshots: [Map<number, string>, Map<number, string>][] = [];
  const merge = (db: Map<number, string>, into: Map<number, Set<string>>) => {
    for (const [id, name] of db) {
      let set = into.get(id);
      if (set === undefined) into.set(id, set = new Set());
      set.add(name);
    }
  };
  return {
    names,
    take() {
      const read = (p: string) => {
        try {
          return idDatabase(Deno.readTextFileSync(p));
        } catch {
          return new Map<number, string>();
        }
      };
      const snap: [Map<number, string>, Map<number, string>] = [
        read("/etc/passwd"),
        read("/etc/group"),
      ];
      snapshots.push(snap);
      merge(snap[0], names.users);
      merge(snap[1], names.groups);
      names.usersSometimesMissing.clear();
      names.groupsSometimesMissing.clear();
      for (const [users, groups] of snapshots) {
        for (const id of names.users.keys()) {
          if (!users.has(id)) names.usersSometimesMissing.add(id);
        }
        for (const id of names.groups.keys()) {
          if (!groups.has(id)) names.groupsSometimesMissing.add(id);
        }
      }
    },
  };
}

/**
 * Records `seconds` of a real audit log in `format` into `dir` with
 * make-corpus.sh (caller holds the kernel lock, audit disabled, no auditd
 * running). Snapshots /etc/passwd and /etc/group every 100 ms meanwhile,
 * since the script adds and removes a user.
 */
export async function recordCorpus(
  dir: string,
  format: CorpusFormat,
  seconds: number,
): Promise<RecordedCorpus> {
  const started = performance.now();
  const snap = snapshotter();
  snap.take();
  const child = new Deno.Command("bash", {
    args: [MAKE_CORPUS, dir, String(seconds), format],
    env: { PATH: sbinPath() },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setInterval(() => snap.take(), 100);
  let output: Deno.CommandOutput;
  try {
    output = await child.output();
  } finally {
    clearInterval(timer);
  }
  snap.take();
  const d = new TextDecoder();
  if (!output.success) {
    throw new Error(
      `make-corpus.sh ${format} exited ${output.code}: ${d.decode(output.stderr)}${
        d.decode(output.stdout)
      }`,
    );
  }
  const path = `${dir}/audit.log`;
  return {
    path,
    text: Deno.readTextFileSync(path),
    names: snap.names,
    ms: performance.now() - started,
  };
}

/** The "Number of events" `aureport --summary -if path` reports, or `undefined` without aureport. */
export function aureportEvents(path: string): number | undefined {
  try {
    const out = new Deno.Command("aureport", {
      args: ["--summary", "-if", path],
      env: { PATH: sbinPath() },
      stdout: "piped",
    }).outputSync();
    const m = /Number of events:\s*(\d+)/.exec(new TextDecoder().decode(out.stdout));
    return m === null ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

/** What reassembling and coalescing a log gave. */
export interface EventCounts {
  /** Events the reassembler emitted. */
  events: number;
  /** Sequences reported lost. */
  lost: number;
  /** Serial discontinuities (restarts) reported. */
  jumps: number;
  /** Lines that threw a ParseError. */
  badLines: number;
  /** Events `coalesce` threw on. */
  coalesceFailures: number;
}

/** Parses every line of `text`, reassembles the records into events and coalesces each. */
export function reassembleAndCoalesce(text: string): EventCounts {
  const counts: EventCounts = { events: 0, lost: 0, jumps: 0, badLines: 0, coalesceFailures: 0 };
  const r = new Reassembler<AuditMessage>({
    maxInFlight: 50,
    onEvent(records) {
      counts.events++;
      try {
        coalesce(records);
      } catch {
        counts.coalesceFailures++;
      }
    },
    onLost: (l) => counts.lost += l.count,
    onDiscontinuity: () => counts.jumps++,
  });
  for (const line of text.split("\n")) {
    if (line === "") continue;
    try {
      r.push(parseLogLine(line));
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      counts.badLines++;
    }
  }
  r.close();
  return counts;
}

const shared = new Map<CorpusFormat, Promise<RecordedCorpus>>();
let sharedDir: string | undefined;

/**
 * A 3 s log of `format` recorded once per test process and shared by every
 * test that reads one (corpus, search, auparse): recording takes the kernel
 * for several seconds, so each format is recorded only once. Call it inside
 * a `kernelTest` (which holds the lock and restores the state). Fails, rather
 * than passing untested, when another audit daemon is registered.
 */
export function sharedCorpus(format: CorpusFormat): Promise<RecordedCorpus> {
  let recording = shared.get(format);
  if (recording === undefined) {
    recording = recordShared(format);
    shared.set(format, recording);
  }
  return recording;
}

async function recordShared(format: CorpusFormat): Promise<RecordedCorpus> {
  const running = await daemonRunning();
  if (running !== undefined) throw new Error(`${running}; make-corpus.sh starts its own`);
  const client = AuditClient.open({ receiveBufferSize: 0 });
  try {
    const status = await client.getStatus();
    if (status.pid !== 0) throw new Error(`pid ${status.pid} is registered as the audit daemon`);
    // make-corpus.sh refuses when auditing is on; the kernel harness restores it.
    if (status.enabled !== 0) await client.setEnabled(false);
  } finally {
    await client.close();
  }
  if (sharedDir === undefined) {
    const dir = Deno.makeTempDirSync({ prefix: "libaudit-test-corpus-" });
    sharedDir = dir;
    globalThis.addEventListener("unload", () => {
      try {
        Deno.removeSync(dir, { recursive: true });
      } catch { /* already gone */ }
    });
  }
  return await recordCorpus(`${sharedDir}/${format.toLowerCase()}`, format, 3);
}
