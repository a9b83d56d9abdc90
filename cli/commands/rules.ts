/**
 * `libaudit rules`: list, add, delete, flush, load, check, diff and apply
 * audit rules in auditctl syntax.
 *
 * @module
 */
import { type AuditClient, NetlinkError } from "../../netlink/mod.ts";
import {
  decodeRule,
  encodeRule,
  formatRule,
  formatRules,
  hasKey,
  machineFor,
  parseLine,
  parseRulesFile,
  type Rule,
  RuleSyntaxError,
} from "../../rule/mod.ts";
import { chooseFormat, escapeControl, type Format, renderer } from "../io/output.ts";
import {
  hostParseOptions,
  kernelRefusal,
  ruleRecord,
  rulesFileProblem,
  withClient,
} from "../host/rules_host.ts";
import { type CommandSpec, parseFlags, UsageError } from "../usage.ts";
import { executeLoad } from "./rules_load.ts";
import { diffOrApply } from "./rules_apply.ts";

const SPEC = {
  name: "rules",
  summary: "Manage the kernel's audit rules in auditctl syntax.",
  usage: "libaudit rules list [--format text|json|yaml]\n" +
    "libaudit rules add RULE...            (or: rules add -- -w /etc/passwd -p wa)\n" +
    "libaudit rules delete RULE...\n" +
    "libaudit rules flush\n" +
    "libaudit rules load [-c|-i] FILE...   (like auditctl -R)\n" +
    "libaudit rules check [--machine ARCH] FILE...   (no kernel needed)\n" +
    "libaudit rules diff [--exit-code] FILE...\n" +
    "libaudit rules apply FILE...",
  positionals: true,
  options: {
    format: {
      type: "string",
      short: "f",
      value: "FORMAT",
      description: "list, diff, apply: text, json or yaml",
    },
    continue: {
      type: "boolean",
      short: "c",
      description: "load: go on after a bad line, exit 1 at the end (auditctl -c)",
    },
    "ignore-errors": {
      type: "boolean",
      short: "i",
      description: "load: go on after a bad line and exit 0 (auditctl -i)",
    },
    "exit-code": { type: "boolean", description: "diff: exit 1 when the kernel differs" },
    "yes-really": {
      type: "boolean",
      description: "load, apply: allow -e 2 (immutable until reboot) and -f 2 (panic)",
    },
    key: {
      type: "string",
      short: "k",
      value: "KEY",
      description: "list: only rules whose key contains KEY",
    },
    machine: {
      type: "string",
      value: "ARCH",
      description: "check: the machine the rules are for (x86_64, aarch64, …; default: this one)",
    },
  },
  notes: "Each RULE is one rule in auditctl syntax, quoted as one argument, e.g.\n" +
    "  '-a always,exit -F arch=b64 -S openat -F exit=-EACCES -k access'.\n" +
    "After `--`, the remaining arguments form a single rule.\n" +
    "Rules files: one rule or control line (-D, -b, -f, -e, -r, --backlog_wait_time, -c, -i,\n" +
    "--loginuid-immutable) per line, # comments. load runs --loginuid-immutable as auditctl\n" +
    "does: login uids become immutable and the setting is LOCKED UNTIL REBOOT (check reports\n" +
    "such lines; diff and apply do not apply it). diff and apply compare the rules in kernel\n" +
    "form and change only what differs (additions before deletions), then the settings -b,\n" +
    "-r, --backlog_wait_time, -f and -e that differ (last value in the files; other control\n" +
    "lines are not applied).\n" +
    "load, apply and stream --rules read only rules files owned by root that others cannot\n" +
    "write; -e 2 and -f 2 lines need --yes-really. SIGINT/SIGTERM wait until the kernel\n" +
    "changes of load and apply are done, then the command reports what it applied.\n" +
    "Kernel access needs root (CAP_AUDIT_CONTROL) and --allow-ffi when run with deno.\n" +
    "Exit codes: 0 ok, 1 bad rules or kernel error (diff --exit-code: drift), 2 usage error.",
  examples: [
    "libaudit rules list",
    "libaudit rules add '-w /etc/shadow -p wa -k identity'",
    "libaudit rules check /etc/audit/rules.d/*.rules",
    "libaudit rules check --machine aarch64 arm-hosts.rules",
    "libaudit rules diff --exit-code /etc/audit/audit.rules",
    "libaudit rules apply /etc/audit/audit.rules",
  ],
} as const satisfies CommandSpec;

const SUBCOMMANDS = ["list", "add", "delete", "flush", "load", "check", "diff", "apply"];

/** Runs `libaudit rules`; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    if (sub === undefined) {
      throw new UsageError(`missing action: one of ${SUBCOMMANDS.join(", ")}`, "rules");
    }
    parseFlags(SPEC, ["--help"]);
    return 0;
  }
  if (!SUBCOMMANDS.includes(sub)) {
    throw new UsageError(
      `unknown action '${sub}': expected one of ${SUBCOMMANDS.join(", ")}`,
      "rules",
    );
  }
  if (sub === "add" || sub === "delete") return await addOrDelete(sub, rest);
  const flags = parseFlags(SPEC, rest);
  if (flags === undefined) return 0;
  const v = flags.values;
  const files = flags.positionals;
  const needFiles = ["load", "check", "diff", "apply"].includes(sub);
  if (needFiles && files.length === 0) {
    throw new UsageError(`${sub} needs at least one FILE`, "rules");
  }
  if (!needFiles && files.length > 0) {
    throw new UsageError(`${sub} takes no arguments, got '${files[0]}'`, "rules");
  }
  const format = await chooseFormat(v.format);
  switch (sub) {
    case "list":
      return await withClient((c) => list(c, format, v.key));
    case "flush":
      return await withClient(async (c) => {
        const n = await c.deleteAllRules();
        console.error(`deleted ${n} rule${n === 1 ? "" : "s"}`);
        return 0;
      }, true);
    case "check":
      return check(files, v.machine);
    case "load":
      return await withClient((c) =>
        executeLoad(c, files, {
          continueOnError: v.continue === true,
          ignoreErrors: v["ignore-errors"] === true,
          yesReally: v["yes-really"] === true,
        }), true);
    case "diff":
      return await diffOrApply(files, false, v["exit-code"] === true, format, false);
    default:
      return await diffOrApply(files, true, false, format, v["yes-really"] === true);
  }
}

async function list(
  client: AuditClient,
  format: Format,
  key: string | undefined,
): Promise<number> {
  const rules = (await client.getRules()).map(decodeRule).filter((r) =>
    key === undefined || hasKey(r, key)
  );
  const texts = formatRules(rules, { machine: Deno.build.arch });
  if (format === "text") {
    const out = texts.length === 0
      ? "No rules\n"
      : texts.map((t) => escapeControl(t) + "\n").join("");
    await Deno.stdout.write(new TextEncoder().encode(out));
    return 0;
  }
  const render = renderer(format);
  let out = "";
  rules.forEach((rule, i) => out += render(ruleRecord(rule, texts[i]!)));
  await Deno.stdout.write(new TextEncoder().encode(out));
  return 0;
}

/** `rules add` / `rules delete`: each argument one rule, or after `--` one rule as words. */
async function addOrDelete(sub: "add" | "delete", args: string[]): Promise<number> {
  if (args[0] === "--help" || args[0] === "-h") {
    parseFlags(SPEC, ["--help"]);
    return 0;
  }
  const dash = args.indexOf("--");
  const texts: (string | string[])[] = dash >= 0
    ? [...args.slice(0, dash), args.slice(dash + 1)]
    : args;
  if (texts.length === 0 || (dash >= 0 && args.length === dash + 1 && dash === 0)) {
    throw new UsageError(`${sub} needs at least one RULE`, "rules");
  }
  const rules: Rule[] = [];
  let bad = 0;
  const options = hostParseOptions();
  texts.forEach((text, i) => {
    try {
      const { rule, controls } = parseLine(text, options, { file: `rule ${i + 1}`, line: 1 });
      if (rule === undefined || controls.length > 0) {
        throw new RuleSyntaxError({
          file: `rule ${i + 1}`,
          token: typeof text === "string" ? text : text.join(" "),
          reason:
            `not a rule: expected -a, -A, -d, -w or -W (control options belong in 'rules load')`,
        });
      }
      rules.push(rule);
    } catch (e) {
      if (!(e instanceof RuleSyntaxError)) throw e;
      console.error(`libaudit rules ${sub}: ${escapeControl(e.message)}`);
      bad++;
    }
  });
  if (bad > 0) return 1;
  return await withClient(async (client) => {
    let failed = 0;
    for (const rule of rules) {
      const remove = sub === "delete" || rule.operation === "delete";
      const bytes = encodeRule(remove ? { ...rule, operation: "delete" } : rule);
      try {
        if (remove) await client.deleteRule(bytes);
        else await client.addRule(bytes);
      } catch (e) {
        if (!(e instanceof NetlinkError)) throw e;
        console.error(
          `libaudit rules ${sub}: ${escapeControl(formatRule(rule))}: ${kernelRefusal(e, remove)}`,
        );
        failed++;
      }
    }
    return failed > 0 ? 1 : 0;
  }, true);
}

function check(files: readonly string[], machine: string | undefined): number {
  if (machine !== undefined && machineFor(machine) === undefined) {
    throw new UsageError(
      `unknown --machine '${machine}': expected x86_64, i386, aarch64, arm, ppc64le, ppc64, ppc, s390x or s390`,
      "rules",
    );
  }
  let bad = 0;
  for (const file of files) {
    let text: string;
    try {
      text = Deno.readTextFileSync(file);
    } catch (e) {
      console.error(`libaudit rules check: ${file}: ${e instanceof Error ? e.message : e}`);
      bad++;
      continue;
    }
    const problem = rulesFileProblem(Deno.statSync(file));
    if (problem) {
      console.error(`libaudit rules check: warning: ${file}: ${problem} (auditctl -R refuses it)`);
    }
    const { entries, errors, warnings } = parseRulesFile(text, {
      ...hostParseOptions(),
      ...(machine === undefined ? {} : { machine }),
      file,
    });
    for (const w of warnings) console.error(escapeControl(`warning: ${w.message}`));
    for (const e of entries) {
      if (e.kind === "control" && e.control.kind === "loginuid_immutable") {
        console.error(
          escapeControl(
            `note: ${file}:${e.line}: --loginuid-immutable: load locks login uids until reboot`,
          ),
        );
      }
    }
    for (const e of errors) console.error(escapeControl(e.message));
    bad += errors.length;
    const rules = entries.filter((e) => e.kind === "rule").length;
    console.log(
      `${file}: ${rules} rule${rules === 1 ? "" : "s"}, ${entries.length - rules} control line${
        entries.length - rules === 1 ? "" : "s"
      }, ${errors.length} error${errors.length === 1 ? "" : "s"}`,
    );
  }
  return bad > 0 ? 1 : 0;
}
