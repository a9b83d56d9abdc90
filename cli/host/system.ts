/**
 * What the CLI reads from the machine: files for ID resolution
 * (`/etc/passwd`, `/etc/group`), user lookup by name, boot time, host name.
 * The library modules stay pure; these Deno-backed helpers are injected.
 *
 * @module
 */
import { mayExist } from "../../sys/access.ts";

/** Reads a whole text file, or `undefined` when it is missing or unreadable. */
export function readTextFileOrUndefined(path: string): string | undefined {
  // A process's /proc entry, often gone with its process, is asked for without
  // an exception (access(2) through FFI); other files are read directly, which
  // spares a run that reads only those loading libc (5-25 ms of start-up).
  if (isProcessEntry(path) && !mayExist(path)) return undefined;
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return undefined;
  }
}

/** `/proc/PID/...`: an entry of one process. */
function isProcessEntry(path: string): boolean {
  const c = path.charCodeAt(6);
  return c >= 48 && c <= 57 && path.startsWith("/proc/");
}

/** The modification time of `path` in ms (0 when unknown), to notice changed files. */
export function modifiedTime(path: string): number {
  try {
    return Deno.statSync(path).mtime?.getTime() ?? 0;
  } catch {
    return 0;
  }
}

/**
 * Finds field 3 (the id) of the `name` entry of a passwd or group file's
 * text (`name:x:ID:...` lines), or undefined.
 */
export function idFromDatabase(text: string, name: string): number | undefined {
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon === -1 || line.slice(0, colon) !== name) continue;
    const id = line.split(":")[2];
    if (id !== undefined && /^\d+$/.test(id)) return Number(id);
  }
  return undefined;
}

/** The uid of user `name` from `/etc/passwd` (or `passwdPath`), or undefined. */
export function userId(name: string, passwdPath = "/etc/passwd"): number | undefined {
  const text = readTextFileOrUndefined(passwdPath);
  return text === undefined ? undefined : idFromDatabase(text, name);
}

/** When the machine booted, in ms since the epoch, from `/proc/stat`, or undefined. */
export function bootTime(): number | undefined {
  const text = readTextFileOrUndefined("/proc/stat");
  const match = text === undefined ? null : /^btime (\d+)$/m.exec(text);
  return match ? Number(match[1]) * 1000 : undefined;
}

/** This machine's host name, or undefined without `--allow-sys`. */
export function hostName(): string | undefined {
  try {
    return Deno.hostname();
  } catch {
    return undefined;
  }
}

/**
 * Cores a second thread can use now: the machine's cores when its 1-minute
 * load average leaves one idle (load below cores - 1), else 1. On a busy
 * machine a second thread costs more CPU than it saves in time (measured for
 * `parse` and `report`, bench/README.md). Without /proc/loadavg, the cores.
 *
 * @returns The cores to plan threads for (1 or more).
 */
export function coresForThreads(): number {
  const cores = navigator.hardwareConcurrency ?? 1;
  if (cores < 2) return 1;
  const load = parseFloat(readTextFileOrUndefined("/proc/loadavg") ?? "");
  return !Number.isFinite(load) || load < cores - 1 ? cores : 1;
}

/**
 * The environment variable `name`, or `undefined` when it is unset or the
 * process may not read it (no `--allow-env`): optional settings never make a
 * command fail for want of a permission.
 */
export function envVar(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}
