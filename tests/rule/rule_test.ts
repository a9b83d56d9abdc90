import assert from "node:assert/strict";
import {
  decodeRule,
  encodeRule,
  FIELD,
  formatRule,
  formatRules,
  kernelForm,
  LIST,
  OP,
  parseRule,
  parseRulesFile,
  planRules,
  resultingRules,
  resultingSettings,
  type Rule,
  RuleSyntaxError,
} from "../../rule/mod.ts";

const opts = { machine: "x86_64" };

function syntaxError(text: string, options = opts): RuleSyntaxError {
  try {
    parseRule(text, options);
  } catch (e) {
    if (e instanceof RuleSyntaxError) return e;
    throw e;
  }
  throw new Error(`no error for ${text}`);
}

Deno.test("parseRule: several keys in every form join with \\x01 into one key field at the end", () => {
  for (
    const text of [
      "-w /etc/passwd -k a -k b",
      "-w /etc/passwd -F key=a -k b",
      "-w /etc/passwd -k a -F key=b",
    ]
  ) {
    const rule = parseRule(text, opts);
    const keys = rule.fields.filter((f) => f.field === FIELD.filterkey);
    assert.deepEqual(keys, [{ field: FIELD.filterkey, op: OP.equal, value: "a\x01b" }], text);
    assert.equal(rule.fields.at(-1)?.field, FIELD.filterkey);
    assert.equal(formatRule(rule), "-w /etc/passwd -p rwxa -k a -k b");
  }
  const syscall = parseRule("-a always,exit -F key=a -S openat -k b -F uid=0", opts);
  assert.equal(syscall.fields.at(-1)?.value, "a\x01b");
  assert.equal(formatRule(syscall), "-a always,exit -S openat -F uid=0 -F key=a -F key=b");
});

Deno.test("parseRule: keys longer than 256 bytes in total are refused", () => {
  const e = syntaxError(`-w /etc/passwd -k ${"a".repeat(200)} -k ${"b".repeat(56)}`);
  assert.match(e.reason, /longer than 256/);
  assert.equal(e.column, 223);
});

Deno.test("parseRule: the arch given before -S picks the syscall table; after -S is an error", () => {
  const b32 = parseRule("-a always,exit -F arch=b32 -S open", opts);
  assert.equal(b32.mask[0], 1 << 5); // i386 open is 5
  const b64 = parseRule("-a always,exit -F arch=b64 -S open", opts);
  assert.equal(b64.mask[0], 1 << 2); // x86_64 open is 2
  const arm = syntaxError("-a always,exit -F arch=aarch64 -S open");
  assert.match(arm.reason, /unknown syscall 'open' on aarch64/);
  assert.match(syntaxError("-a always,exit -S open -F arch=b64").reason, /before -S/);
  const onArm = parseRule("-a always,exit -S openat", { machine: "aarch64" });
  assert.equal(onArm.mask[1], 1 << (56 - 32));
});

Deno.test("parseRule: values resolve like auditctl (unset, errno, msgtype, perm, filetype, hex)", () => {
  const rule = parseRule(
    "-a always,exit -S all -F auid!=unset -F exit=-EPERM -F perm=wa -F filetype=dir -F a0=0x10 -F uid=alice",
    { ...opts, lookupUser: (n: string) => (n === "alice" ? 1000 : undefined) },
  );
  assert.deepEqual(rule.fields.map((f) => f.value), [
    0xffffffff,
    0xffffffff,
    10,
    0o040000,
    16,
    1000,
  ]);
  assert.equal(
    formatRule(rule),
    "-a always,exit -S all -F auid!=-1 -F exit=-EPERM -F perm=wa -F filetype=16384 -F a0=0x10 -F uid=1000",
  );
  const exclude = parseRule("-a always,exclude -F msgtype=crypto_key_user", opts);
  assert.equal(exclude.fields[0]?.value, 2404);
  assert.equal(formatRule(exclude), "-a always,exclude -F msgtype=CRYPTO_KEY_USER");
});

Deno.test("parseRule: -C pairs in either order give one comparison", () => {
  const a = parseRule("-a always,exit -S all -C euid!=uid", opts);
  const b = parseRule("-a always,exit -S all -C uid!=euid", opts);
  assert.deepEqual(encodeRule(a), encodeRule(b));
  assert.equal(formatRule(a), "-a always,exit -S all -C uid!=euid");
  assert.match(syntaxError("-a always,exit -C uid=gid").reason, /cannot be compared/);
});

Deno.test("parseRule: errors name the token and column", () => {
  const e = syntaxError("-a always,exit -F uid=10x");
  assert.equal(e.column, 23);
  assert.equal(e.token, "10x");
  assert.match(e.message, /^<rule>:1:23: -F uid=10x: '10x' is not a valid number$/);
  assert.match(syntaxError("-a always,exit stray").reason, /unexpected 'stray'/);
  assert.match(syntaxError('-w "/folder with space"').reason, /quotes/);
  assert.match(syntaxError("-a always,exit\t-S open").reason, /tabs/);
  assert.match(syntaxError("-a always,exit -a never,exit").reason, /only one of/);
});

Deno.test("parseRule: -A sets the prepend flag, -d and -W are deletions", () => {
  const prepend = parseRule("-A always,exit -S all", opts);
  assert.equal(prepend.operation, "prepend");
  assert.equal(new DataView(encodeRule(prepend).buffer).getUint32(0, true), 0x14);
  assert.equal(parseRule("-d always,exit -S all", opts).operation, "delete");
  assert.equal(parseRule("-W /etc/passwd", opts).operation, "delete");
  assert.deepEqual(
    kernelForm(encodeRule(prepend)),
    kernelForm(encodeRule(parseRule("-a always,exit -S all", opts))),
  );
});

Deno.test("parseRule: watches on directories use dir=, trailing slashes are trimmed", () => {
  const rule = parseRule("-w /var/log/audit/ -p wa", {
    ...opts,
    isDirectory: (p) => p === "/var/log/audit",
  });
  assert.deepEqual(rule.fields[0], { field: FIELD.dir, op: OP.equal, value: "/var/log/audit" });
  assert.equal(rule.list, LIST.exit);
});

Deno.test("parseRule: spaces escaped as in rules files; exact formatting round-trips them", () => {
  const rule = parseRule("-w /tmp/a\\ b -p w", opts);
  assert.equal(rule.fields[0]?.value, "/tmp/a b");
  const exact = formatRule(rule, { exact: true });
  assert.equal(exact, "-a always,exit -S all -F path=/tmp/a\\ b -F perm=w");
  assert.deepEqual(encodeRule(parseRule(exact, opts)), encodeRule(rule));
});

Deno.test("decodeRule: refuses truncated data, accepts netlink padding", () => {
  const bytes = encodeRule(parseRule("-w /etc/passwd -k x", opts));
  assert.throws(() => decodeRule(bytes.subarray(0, 100)), RangeError);
  assert.throws(() => decodeRule(bytes.subarray(0, bytes.length - 1)), RangeError);
  const padded = new Uint8Array(bytes.length + 3);
  padded.set(bytes);
  assert.equal(formatRule(decodeRule(padded)), "-w /etc/passwd -p rwxa -k x");
});

Deno.test("formatRules: carries the last arch to later rules without one, like auditctl -l", () => {
  const rules = [
    parseRule("-a always,exit -F arch=b32 -S open", opts),
    parseRule("-a always,exit -S 5", opts),
  ];
  assert.deepEqual(formatRules(rules, opts), [
    "-a always,exit -F arch=b32 -S open",
    "-a always,exit -S open",
  ]);
  assert.equal(formatRule(rules[1]!, opts), "-a always,exit -S fstat");
});

Deno.test("parseRulesFile: control lines, comments, every bad line", () => {
  const text = [
    "## comment",
    "",
    "-D",
    "-b 8192",
    "--backlog_wait_time 60000",
    "-f 1",
    "-e 2",
    "-r 0",
    "--loginuid-immutable",
    "-c",
    "-i",
    "-w /etc/passwd -p wa",
    "-b lots",
    "-e 3",
    "-a always,exit -S nope",
    "   # indented comment",
  ].join("\n");
  const { entries, errors } = parseRulesFile(text, { ...opts, file: "x.rules" });
  assert.deepEqual(
    entries.map((e) => e.kind === "control" ? e.control.kind : "rule"),
    [
      "delete_all",
      "backlog_limit",
      "backlog_wait_time",
      "failure",
      "enabled",
      "rate_limit",
      "loginuid_immutable",
      "continue_on_error",
      "ignore_errors",
      "rule",
    ],
  );
  assert.deepEqual(errors.map((e) => `${e.file}:${e.line}:${e.column}`), [
    "x.rules:13:4",
    "x.rules:14:4",
    "x.rules:15:19",
  ]);
});

function rules(...texts: string[]): Rule[] {
  return texts.map((t) => parseRule(t, opts));
}

function kernelState(current: Uint8Array[], changes: ReturnType<typeof planRules>): Uint8Array[] {
  const state = current.map(kernelForm);
  const same = (a: Uint8Array, b: Uint8Array) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  for (const [i, c] of changes.entries()) {
    const form = kernelForm(c.bytes);
    if (c.kind === "delete") {
      const i = state.findIndex((s) => same(s, form));
      assert.ok(i >= 0, "delete of an absent rule");
      state.splice(i, 1);
    } else {
      assert.ok(!state.some((s) => same(s, form)), "add of a present rule");
      const list = new DataView(c.bytes.buffer).getUint32(0, true);
      if (list & 0x10) {
        const first = state.findIndex((s) =>
          (new DataView(s.buffer).getUint32(0, true) & 7) === (list & 7)
        );
        state.splice(first < 0 ? state.length : first, 0, form);
      } else state.push(form);
    }
    assert.ok(
      state.length > 0 || current.length === 0 || i === changes.length - 1,
      "the kernel was left without rules",
    );
  }
  return state;
}

Deno.test("planRules: reaches the wanted order with the fewest changes and is idempotent", () => {
  const a = "-w /etc/a -p wa", b = "-w /etc/b -p wa", c = "-w /etc/c -p wa", d = "-w /etc/d -p wa";
  const cases: [string[], string[], number][] = [
    [[], [a, b], 2],
    [[a, b], [a, b], 0],
    [[a, b, c], [a, c], 1],
    [[a, b], [c, a, b, d], 2],
    [[b, a], [a, b], 2],
    [[a, b], [c, d], 4],
    [[a, b, c], [], 3],
  ];
  for (const [cur, want, count] of cases) {
    const current = rules(...cur).map(encodeRule).map(kernelForm);
    const desired = rules(...want);
    const changes = planRules(current, desired);
    assert.equal(changes.length, count, `${cur} -> ${want}`);
    const after = kernelState(current, changes);
    assert.deepEqual(after, desired.map((r) => kernelForm(encodeRule(r))), `${cur} -> ${want}`);
    assert.deepEqual(planRules(after, desired), [], "second plan is empty");
  }
});

Deno.test("resultingRules: -D clears, -A prepends, -d removes, duplicates count once", () => {
  const { entries } = parseRulesFile(
    "-w /etc/x -p wa\n-D\n-w /etc/a -p wa\n-w /etc/b -p wa\n-A always,exit -S all -F uid=0\n" +
      "-W /etc/a -p wa\n-w /etc/b -p wa\n",
    opts,
  );
  assert.deepEqual(resultingRules(entries).map((r) => formatRule(r)), [
    "-a always,exit -S all -F uid=0",
    "-w /etc/b -p wa",
  ]);
});

Deno.test("parseRule: io_uring list takes io_uring operation names for -S", () => {
  const rule = parseRule("-a always,io_uring -S openat,connect -k u", opts);
  assert.equal(rule.list, LIST.io_uring);
  assert.equal(rule.mask[0], (1 << 18) | (1 << 16));
  assert.equal(formatRule(rule), "-a always,io_uring -S connect,openat -F key=u");
  assert.equal(
    formatRule(parseRule("-a always,io_uring -F uid=0", opts)),
    "-a always,io_uring -S all -F uid=0",
  );
  assert.match(
    syntaxError("-a always,io_uring -S execve").reason,
    /unknown io_uring operation 'execve'/,
  );
});

Deno.test("parseRulesFile: warns like auditctl when syscall numbers differ between 32 and 64 bit", () => {
  const { warnings, errors } = parseRulesFile(
    "-a always,exit -S open -k x\n-a always,exit -F arch=b64 -S open\n-a always,exit -S all\n",
    { ...opts, file: "w.rules" },
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(warnings.map((w) => `${w.line}:${w.column}`), ["1:19"]);
  assert.match(warnings[0]!.reason, /32\/64 bit syscall mismatch/);
});

Deno.test("parseRulesFile: -D -k KEY and -l -k KEY; resultingRules removes only matching rules", () => {
  const { entries, errors } = parseRulesFile(
    "-w /etc/a -p wa -k keep\n-w /etc/b -p wa -k gone\n-D -k gon\n-l -k keep\n",
    opts,
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(entries.slice(2).map((e) => e.kind === "control" ? e.control : e.kind), [
    { kind: "delete_all", key: "gon" },
    { kind: "list", key: "keep" },
  ]);
  assert.deepEqual(resultingRules(entries).map((r) => formatRule(r)), ["-w /etc/a -p wa -k keep"]);
});

Deno.test("resultingSettings: the last value of each setting wins", () => {
  const { entries } = parseRulesFile(
    "-b 320\n-f 1\n-b 8192\n--backlog_wait_time 0\n-e 1\n-r 10\n-e 0\n",
    opts,
  );
  assert.deepEqual(resultingSettings(entries), {
    backlogLimit: 8192,
    failure: 1,
    backlogWaitTime: 0,
    enabled: 0,
    rateLimit: 10,
  });
});
