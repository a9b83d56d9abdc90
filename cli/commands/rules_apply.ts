/**
 * `libaudit rules diff` and `rules apply`: compare rules files with the
 * kernel in kernel form, print the plan, and (apply) carry it out whole with
 * SIGINT/SIGTERM held, then report what was applied.
 *
 * @module
 */
import { type AuditClient, NetlinkError } from "../../netlink/mod.ts";
import {
  formatRule,
  parseRulesFile,
  planRules,
  planSettings,
  resultingRules,
  resultingSettings,
  type RuleParseOptions,
  type RulesFileEntry,
  type RuleSyntaxError,
  type SettingChange,
} from "../../rule/mod.ts";
import { escapeControl, type Format, renderer } from "../io/output.ts";
import {
  hostParseOptions,
  kernelRefusal,
  readTrustedRulesFile,
  ruleRecord,
  UntrustedRulesFileError,
  withClient,
} from "../host/rules_host.ts";
import { holdSignals, signalExitCode } from "../host/signals.ts";

/**
 * Parses the rules files. `trusted` (apply) reads each as auditctl -R would
 * trust it, and refuses the lot (after naming each refused file) otherwise.
 */
function readRulesFiles(
  files: readonly string[],
  options: RuleParseOptions,
  trusted: boolean,
): { entries: RulesFileEntry[]; errors: RuleSyntaxError[] } | undefined {
  const entries: RulesFileEntry[] = [];
  const errors: RuleSyntaxError[] = [];
  let refused = 0;
  for (const file of files) {
    let text: string;
    try {
      text = trusted ? readTrustedRulesFile(file) : Deno.readTextFileSync(file);
    } catch (e) {
      if (!(e instanceof UntrustedRulesFileError)) throw e;
      console.error(`libaudit rules apply: ${e.message}`);
      refused++;
      continue;
    }
    const parsed = parseRulesFile(text, { ...options, file });
    entries.push(...parsed.entries);
    errors.push(...parsed.errors);
  }
  if (refused > 0) {
    console.error("libaudit rules apply: nothing done");
    return undefined;
  }
  return { entries, errors };
}

const SETTING_CONTROLS = new Set([
  "delete_all",
  "backlog_limit",
  "rate_limit",
  "backlog_wait_time",
  "failure",
  "enabled",
  "continue_on_error",
  "ignore_errors",
]);

/** Carries out one planned setting change. */
async function applySetting(client: AuditClient, s: SettingChange): Promise<void> {
  switch (s.name) {
    case "backlog_limit":
      return await client.setBacklogLimit(s.value);
    case "rate_limit":
      return await client.setRateLimit(s.value);
    case "backlog_wait_time":
      return await client.setBacklogWaitTime(s.value);
    case "failure": // 2 (panic) only with --yes-really, checked before anything is applied
      return await client.setFailure(s.value as 0 | 1 | 2, { allowPanic: true });
    case "enabled":
      return s.value === 2
        ? await client.setImmutable("until-reboot")
        : await client.setEnabled(s.value === 1);
  }
}

/** `rules diff` (`apply` false) or `rules apply`; returns the exit code. */
export async function diffOrApply(
  files: readonly string[],
  apply: boolean,
  exitCode: boolean,
  format: Format,
  yesReally: boolean,
): Promise<number> {
  return await withClient(
    (client) =>
      apply
        ? applyHoldingSignals(client, files, format, yesReally)
        : diffOrApplyWith(client, files, false, exitCode, format, yesReally),
    apply,
  );
}

/** `apply` with SIGINT/SIGTERM held from reading the files to the last kernel change. */
async function applyHoldingSignals(
  client: AuditClient,
  files: readonly string[],
  format: Format,
  yesReally: boolean,
): Promise<number> {
  const done: { summary?: string } = {};
  const { result, signal } = await holdSignals(() =>
    diffOrApplyWith(client, files, true, false, format, yesReally, done)
  );
  if (done.summary === undefined) return signal === undefined ? result : signalExitCode(signal);
  if (signal === undefined) {
    console.error(`libaudit rules apply: ${done.summary}`);
    return result;
  }
  console.error(`libaudit rules apply: ${signal} received; finished first: ${done.summary}`);
  return signalExitCode(signal);
}

async function diffOrApplyWith(
  client: AuditClient,
  files: readonly string[],
  apply: boolean,
  exitCode: boolean,
  format: Format,
  yesReally: boolean,
  done: { summary?: string } = {},
): Promise<number> {
  const features = (await client.getStatus()).featureBitmap;
  const read = readRulesFiles(files, hostParseOptions(features), apply);
  if (read === undefined) return 1;
  const { entries, errors } = read;
  if (errors.length > 0) {
    for (const e of errors) console.error(escapeControl(e.message));
    console.error(
      `libaudit rules ${apply ? "apply" : "diff"}: ${errors.length} bad line(s); nothing done`,
    );
    return 1;
  }
  const skipped = entries.filter((e) =>
    e.kind === "control" && !SETTING_CONTROLS.has(e.control.kind)
  );
  if (skipped.length > 0 && apply) {
    console.error(
      `libaudit rules apply: ${skipped.length} control line(s) not applied (use 'rules load' for them)`,
    );
  }
  const changes = planRules(await client.getRules(), resultingRules(entries));
  const settings = planSettings(resultingSettings(entries), await client.getStatus());
  const machine = Deno.build.arch;
  let out = "";
  const render = renderer(format);
  for (const change of changes) {
    const rule = { ...change.rule, operation: "append" as const };
    const text = formatRule(rule, { machine });
    out += format === "text"
      ? `${change.kind === "add" ? "+" : "-"} ${escapeControl(text)}\n`
      : render({ change: change.kind, ...ruleRecord(rule, text) });
  }
  for (const s of settings) {
    out += format === "text"
      ? `~ ${s.option} ${s.value} (kernel: ${s.kernel})\n`
      : render({ change: "set", setting: s.name, value: s.value, kernel: s.kernel });
  }
  await Deno.stdout.write(new TextEncoder().encode(out));
  const drift = changes.length + settings.length;
  if (!apply) return exitCode && drift > 0 ? 1 : 0;
  const drastic = settings.filter((s) => s.drastic);
  if (drastic.length > 0 && !yesReally) {
    for (const s of drastic) {
      console.error(
        `libaudit rules apply: ${s.option} ${s.value} ${
          s.name === "enabled"
            ? "locks the audit configuration until reboot"
            : "makes the kernel panic on lost events"
        }; add --yes-really to allow it`,
      );
    }
    console.error("libaudit rules apply: nothing applied");
    return 1;
  }
  // The plan is carried out whole: SIGINT/SIGTERM wait until it is done.
  let applied = 0;
  const result = await (async () => {
    for (const change of changes) {
      try {
        if (change.kind === "add") await client.addRule(change.bytes);
        else await client.deleteRule(change.bytes);
        applied++;
      } catch (e) {
        if (!(e instanceof NetlinkError)) throw e;
        const text = formatRule(change.rule, { machine });
        console.error(
          `libaudit rules apply: ${escapeControl(text)}: ${
            kernelRefusal(e, change.kind === "delete")
          }`,
        );
        return 1;
      }
    }
    for (const s of settings) {
      try {
        await applySetting(client, s);
        applied++;
      } catch (e) {
        if (!(e instanceof NetlinkError)) throw e;
        console.error(`libaudit rules apply: ${s.option} ${s.value}: ${e.message}`);
        return 1;
      }
    }
    return 0;
  })();
  done.summary = `${applied} of ${drift} change${drift === 1 ? "" : "s"} applied`;
  return result;
}
