/**
 * `libaudit rules load`: run rules files against the kernel line by line
 * with `auditctl -R` semantics (stop at the first bad line unless `-c` or
 * `-i`, given on the command line or as a line of the file).
 *
 * A `--loginuid-immutable` line does what auditctl does: it makes login uids
 * immutable AND locks that setting until reboot (`AUDIT_SET_FEATURE`).
 *
 * @module
 */
import { type AuditClient, NetlinkError } from "../../netlink/mod.ts";
import {
  type ControlLine,
  decodeRule,
  encodeRule,
  formatRule,
  formatRules,
  hasKey,
  parseRulesFile,
  type RulesFileEntry,
  RulesFileError,
  type RuleSyntaxError,
} from "../../rule/mod.ts";
import { escapeControl } from "../io/output.ts";
import {
  hostParseOptions,
  kernelRefusal,
  readTrustedRulesFile,
  UntrustedRulesFileError,
} from "../host/rules_host.ts";
import { holdSignals, signalExitCode } from "../host/signals.ts";

/** True for control lines that cannot be undone or halt the machine: `-e 2`, `-f 2`. */
export function isDrastic(c: ControlLine): boolean {
  return (c.kind === "enabled" || c.kind === "failure") && c.value === 2;
}

/** How `load` treats errors. */
export interface LoadOptions {
  /** Go on after an error, exit 1 at the end (`auditctl -c`). */
  readonly continueOnError: boolean;
  /** Go on after an error, exit 0 (`auditctl -i`). */
  readonly ignoreErrors: boolean;
  /** Allow `-e 2` (immutable until reboot) and `-f 2` (panic) lines. */
  readonly yesReally: boolean;
}

/** What a load did, for the report after it. */
interface Loaded {
  /** Rules added or deleted. */
  rules: number;
  /** Control lines carried out. */
  controls: number;
}

type Step = { line: number; entry: RulesFileEntry } | { line: number; error: RuleSyntaxError };

/** Loads `files` into the kernel; returns the exit code. */
export async function executeLoad(
  client: AuditClient,
  files: readonly string[],
  options: LoadOptions,
): Promise<number> {
  const features = (await client.getStatus()).featureBitmap;
  const loaded: Loaded = { rules: 0, controls: 0 };
  const { result: status, signal } = await holdSignals(async () => {
    let status = 0;
    for (const file of files) {
      const code = await loadFile(client, file, options, features, loaded);
      if (code !== 0) status = code;
      if (code !== 0 && !options.continueOnError && !options.ignoreErrors) break;
    }
    return status;
  });
  if (signal !== undefined) {
    console.error(
      `libaudit rules load: ${signal} received; finished the load first: ${describeLoaded(loaded)}`,
    );
    return signalExitCode(signal);
  }
  return status;
}

function describeLoaded(loaded: Loaded): string {
  return `${loaded.rules} rule${loaded.rules === 1 ? "" : "s"} and ${loaded.controls} control line${
    loaded.controls === 1 ? "" : "s"
  } applied`;
}

async function loadFile(
  client: AuditClient,
  file: string,
  options: LoadOptions,
  features: number,
  loaded: Loaded,
): Promise<number> {
  let text: string;
  try {
    text = readTrustedRulesFile(file);
  } catch (e) {
    console.error(
      `libaudit rules load: ${e instanceof UntrustedRulesFileError ? "" : `${file}: `}${
        e instanceof Error ? e.message : e
      }`,
    );
    return 1;
  }
  const { entries, errors, warnings } = parseRulesFile(text, {
    ...hostParseOptions(features),
    file,
  });
  if (!options.yesReally) {
    const drastic = entries.filter((e) => e.kind === "control" && isDrastic(e.control));
    for (const e of drastic) {
      console.error(
        `libaudit rules load: ${file}:${e.line}: ${escapeControl(e.text)}: ${
          e.kind === "control" && e.control.kind === "enabled"
            ? "locks the audit configuration until reboot"
            : "makes the kernel panic on lost events"
        }; add --yes-really to allow it`,
      );
    }
    if (drastic.length > 0) {
      console.error(`libaudit rules load: ${file}: nothing loaded`);
      return 1;
    }
  }
  for (const w of warnings) {
    console.error(`libaudit rules load: warning: ${escapeControl(w.message)}`);
  }
  const steps: Step[] = [
    ...entries.map((entry) => ({ line: entry.line, entry })),
    ...errors.map((error) => ({ line: error.line, error })),
  ].sort((a, b) => a.line - b.line);
  let ignore = options.ignoreErrors || options.continueOnError;
  let failed = false;
  let continued = options.continueOnError;
  for (const step of steps) {
    let message: string | undefined;
    if ("error" in step) {
      message = step.error.message;
    } else if (step.entry.kind === "control") {
      const c = step.entry.control;
      if (c.kind === "continue_on_error") ignore = true, continued = true;
      else if (c.kind === "ignore_errors") ignore = true;
      else {
        message = await control(client, c, file, step.line);
        if (message === undefined) loaded.controls++;
      }
    } else {
      const rule = step.entry.rule;
      const remove = rule.operation === "delete";
      try {
        if (remove) await client.deleteRule(encodeRule(rule));
        else await client.addRule(encodeRule(rule));
      } catch (e) {
        if (!(e instanceof NetlinkError)) throw e;
        message = `${file}:${step.line}: ${formatRule(rule)}: ${kernelRefusal(e, remove)}`;
      }
      if (message === undefined) loaded.rules++;
    }
    if (message === undefined) continue;
    console.error(`libaudit rules load: ${escapeControl(message)}`);
    console.error(`libaudit rules load: there was an error in line ${step.line} of ${file}`);
    if (!ignore) {
      console.error(`libaudit rules load: stopped there; ${describeLoaded(loaded)} before it`);
      return 1;
    }
    if (continued) failed = true;
  }
  return failed ? 1 : 0;
}

async function control(
  client: AuditClient,
  c: ControlLine,
  file: string,
  line: number,
): Promise<string | undefined> {
  try {
    switch (c.kind) {
      case "delete_all":
        if (c.key === undefined) await client.deleteAllRules();
        else {
          for (const bytes of await client.getRules()) {
            if (hasKey(decodeRule(bytes), c.key)) await client.deleteRule(bytes);
          }
        }
        return;
      case "backlog_limit":
        return void await client.setBacklogLimit(c.value);
      case "rate_limit":
        return void await client.setRateLimit(c.value);
      case "backlog_wait_time":
        return void await client.setBacklogWaitTime(c.value);
      case "failure": // -f 2 is refused before the load without --yes-really
        return void await client.setFailure(c.value as 0 | 1 | 2, { allowPanic: true });
      case "enabled":
        if (c.value === 2) return void await client.setImmutable("until-reboot");
        return void await client.setEnabled(c.value === 1);
      case "reset_lost":
        return void await client.resetLost();
      case "list": {
        const rules = (await client.getRules()).map(decodeRule).filter((r) =>
          c.key === undefined || hasKey(r, c.key)
        );
        const texts = formatRules(rules, { machine: Deno.build.arch });
        console.log(texts.length === 0 ? "No rules" : texts.map(escapeControl).join("\n"));
        return;
      }
      case "status": {
        const s = await client.getStatus();
        console.log(
          `enabled ${s.enabled}\nfailure ${s.failure}\npid ${s.pid}\nrate_limit ${s.rateLimit}\n` +
            `backlog_limit ${s.backlogLimit}\nlost ${s.lost}\nbacklog ${s.backlog}`,
        );
        return;
      }
      case "loginuid_immutable":
        // As auditctl: set AND lock loginuid_immutable; only a reboot undoes it.
        await client.setLoginuidImmutable("until-reboot");
        console.error(
          `libaudit rules load: ${file}:${line}: login uids are now immutable, locked until reboot`,
        );
        return;
      default:
        return;
    }
  } catch (e) {
    if (!(e instanceof NetlinkError) && !(e instanceof RangeError)) throw e;
    return `${file}:${line}: ${e.message}`;
  }
}

/**
 * Adds the rules of a rules file's `text` (for `stream --rules FILE`): every
 * line is checked first and a {@linkcode RulesFileError} lists all bad lines
 * before anything is sent; control lines are skipped; rules the kernel has
 * already are left alone. Returns the bytes of the rules this call added, so
 * the caller can delete exactly those afterwards.
 */
export async function addRulesFromText(
  client: AuditClient,
  text: string,
  name: string,
): Promise<Uint8Array[]> {
  const features = (await client.getStatus()).featureBitmap;
  const { entries, errors } = parseRulesFile(text, { ...hostParseOptions(features), file: name });
  if (errors.length > 0) throw new RulesFileError(errors, name);
  const added: Uint8Array[] = [];
  for (const entry of entries) {
    if (entry.kind !== "rule" || entry.rule.operation === "delete") continue;
    const bytes = encodeRule(entry.rule);
    try {
      await client.addRule(bytes);
      added.push(encodeRule({ ...entry.rule, operation: "append" }));
    } catch (e) {
      if (!(e instanceof NetlinkError)) throw e;
      if (e.code === "EEXIST") continue;
      throw new Error(
        `${name}:${entry.line}: ${formatRule(entry.rule)}: ${kernelRefusal(e, false)}`,
      );
    }
  }
  return added;
}
