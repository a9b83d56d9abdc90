/**
 * What `libaudit rules` takes from this machine: the parser's host facts
 * (machine, user and group names, directories) and kernel error wording.
 *
 * @module
 */
import { AuditClient, type NetlinkError } from "../../netlink/mod.ts";
import { describeRule, type Rule, type RuleParseOptions } from "../../rule/mod.ts";
import { idFromDatabase, readTextFileOrUndefined, userId } from "./system.ts";

/** Host facts the rule parser needs, read from this machine. */
export function hostParseOptions(features?: number): RuleParseOptions {
  return {
    machine: Deno.build.arch,
    lookupUser: (name) => userId(name),
    lookupGroup: (name) => {
      const text = readTextFileOrUndefined("/etc/group");
      return text === undefined ? undefined : idFromDatabase(text, name);
    },
    isDirectory: (path) => {
      try {
        return Deno.statSync(path).isDirectory;
      } catch {
        return false;
      }
    },
    ...(features === undefined ? {} : { features }),
  };
}

/** A short explanation of a kernel refusal of a rule. */
export function kernelRefusal(e: NetlinkError, remove: boolean): string {
  if (e.code === "EEXIST") return "the rule exists already";
  if (e.code === "ENOENT" && remove) return "no rule matches";
  if (e.code === "EINVAL") {
    return "the kernel refused the rule (EINVAL: a field or value it does not support)";
  }
  return e.message;
}

/** A rules file that root must not trust: someone other than root could have written it. */
export class UntrustedRulesFileError extends Error {
  /** The file. */
  readonly path: string;
  /** Why it is refused. */
  readonly reason: string;

  /** Creates the error for `path` refused because of `reason`. */
  constructor(path: string, reason: string) {
    super(`${path}: ${reason}; refusing to read it (as auditctl -R does)`);
    this.name = "UntrustedRulesFileError";
    this.path = path;
    this.reason = reason;
  }
}

/** Why auditctl -R would refuse a file with this stat: not regular, not root's, world-writable. */
export function rulesFileProblem(st: Deno.FileInfo): string | undefined {
  if (!st.isFile) return "not a regular file";
  if (st.uid !== null && st.uid !== 0) return "not owned by root";
  if (st.mode !== null && (st.mode & 0o002) !== 0) return "writable by others";
  return undefined;
}

/**
 * Reads a rules file that decides kernel rules, trusting it as auditctl -R
 * does: a regular file owned by root that others cannot write. The checks are
 * made on the open descriptor, so the file read is the file checked.
 *
 * @throws {UntrustedRulesFileError} when the file fails the checks.
 */
export function readTrustedRulesFile(path: string): string {
  using file = Deno.openSync(path, { read: true });
  const problem = rulesFileProblem(file.statSync());
  if (problem !== undefined) throw new UntrustedRulesFileError(path, problem);
  const chunks: Uint8Array[] = [];
  const buf = new Uint8Array(1 << 16);
  for (let n = file.readSync(buf); n !== null; n = file.readSync(buf)) {
    chunks.push(buf.slice(0, n));
  }
  return new TextDecoder().decode(concat(chunks));
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, at), at += c.length;
  return out;
}

/**
 * Runs `fn` with an open audit client; `changes` refuses (exit 1) when the
 * audit configuration is immutable.
 */
export async function withClient(
  fn: (client: AuditClient) => Promise<number>,
  changes = false,
): Promise<number> {
  const client = AuditClient.open();
  try {
    if (changes && (await client.getStatus()).enabled === 2) {
      console.error(
        "libaudit rules: the audit system is in immutable mode, no rule changes allowed",
      );
      return 1;
    }
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** A rule as a JSON/YAML record: its auditctl text and its fields described. */
export function ruleRecord(rule: Rule, text: string): Record<string, unknown> {
  return { rule: text, ...describeRule(rule, Deno.build.arch) };
}
