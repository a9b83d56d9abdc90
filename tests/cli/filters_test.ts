import assert from "node:assert/strict";
import {
  buildFilter,
  buildRawDrop,
  type FilterableMessage,
  type FilterContext,
  type FilterValues,
  parseTime,
} from "../../cli/io/filters.ts";
import { UsageError } from "../../cli/usage.ts";
import { idFromDatabase } from "../../cli/host/system.ts";

const NOW = new Date(2026, 10, 25, 12, 0, 0).getTime(); // a Wednesday, local time
const CONTEXT: FilterContext = {
  userId: (name) => ({ root: 0, alice: 1000 } as Record<string, number>)[name],
  recordTypeNumber: (name) =>
    ({ SYSCALL: 1300, PATH: 1302, EXECVE: 1309 } as Record<string, number>)[name],
  now: () => NOW,
  bootTime: () => NOW - 3600_000,
  syscallName: (arch, n) => (arch === "x86_64" && n === 59 ? "execve" : undefined),
};

function msg(
  recordTypeName: string,
  recordType: number,
  data: Record<string, string>,
  keys: string[] = [],
): FilterableMessage {
  return { recordTypeName, recordType, timestamp: NOW - 60_000, data, keys };
}

const EXEC_EVENT = [
  msg("SYSCALL", 1300, {
    arch: "x86_64",
    syscall: "execve",
    result: "success",
    pid: "42",
    uid: "1000",
    auid: "unset",
    exe: "/usr/bin/cat",
  }, ["exec"]),
  msg("EXECVE", 1309, { argc: "2" }),
  msg("PATH", 1302, { name: "/etc/shadow" }),
];
const FAILED_OPEN = [
  msg("SYSCALL", 1300, {
    arch: "x86_64",
    syscall: "openat",
    result: "fail",
    pid: "7",
    uid: "0",
    auid: "0",
    exe: "/usr/bin/vi",
  }),
  msg("PATH", 1302, { name: "/root/.ssh/authorized_keys" }),
];

function matches(values: FilterValues): [boolean, boolean] {
  const filter = buildFilter(values, CONTEXT);
  assert.ok(filter);
  return [filter(EXEC_EVENT), filter(FAILED_OPEN)];
}

Deno.test("filters: no flags means no filter", () => {
  assert.equal(buildFilter({}, CONTEXT), undefined);
});

Deno.test("filters: each flag selects the right events", () => {
  assert.deepEqual(matches({ key: ["exec"] }), [true, false]);
  assert.deepEqual(matches({ key: ["nope,exec"] }), [true, false]);
  assert.deepEqual(matches({ type: ["execve"] }), [true, false]);
  assert.deepEqual(matches({ type: ["1302"] }), [true, true]);
  assert.deepEqual(matches({ uid: ["alice"] }), [true, false]);
  assert.deepEqual(matches({ uid: ["0"] }), [false, true]);
  assert.deepEqual(matches({ auid: ["unset"] }), [true, false]);
  assert.deepEqual(matches({ auid: ["root"] }), [false, true]);
  assert.deepEqual(matches({ pid: ["7", "8"] }), [false, true]);
  assert.deepEqual(matches({ syscall: ["execve"] }), [true, false]);
  assert.deepEqual(matches({ syscall: ["59"] }), [true, false]);
  assert.deepEqual(matches({ syscall: ["OPENAT"] }), [false, true]);
  assert.deepEqual(matches({ success: "yes" }), [true, false]);
  assert.deepEqual(matches({ success: "no" }), [false, true]);
  assert.deepEqual(matches({ exe: ["/usr/bin/cat"] }), [true, false]);
  assert.deepEqual(matches({ exe: ["vi"] }), [false, true]);
  assert.deepEqual(matches({ file: ["/etc/shadow"] }), [true, false]);
  assert.deepEqual(matches({ file: ["authorized_keys"] }), [false, true]);
  assert.deepEqual(matches({ since: "recent" }), [true, true]);
  assert.deepEqual(matches({ until: "today" }), [false, false]);
});

Deno.test("filters: different flags must all match", () => {
  assert.deepEqual(matches({ key: ["exec"], success: "no" }), [false, false]);
  assert.deepEqual(matches({ uid: ["alice"], file: ["/etc/shadow"] }), [true, false]);
});

Deno.test("filters: bad values are usage errors", () => {
  assert.throws(() => buildFilter({ uid: ["nobody-here"] }, CONTEXT), UsageError);
  assert.throws(() => buildFilter({ type: ["NOT_A_TYPE"] }, CONTEXT), /unknown record type/);
  assert.throws(() => buildFilter({ pid: ["x"] }, CONTEXT), /--pid needs a number/);
  assert.throws(() => buildFilter({ success: "maybe" }, CONTEXT), /yes or no/);
  assert.throws(() => buildFilter({ since: "last tuesday" }, CONTEXT), /cannot read time/);
});

Deno.test("filters: time words and formats", () => {
  const day = 24 * 3600_000;
  const midnight = new Date(2026, 10, 25).getTime();
  assert.equal(parseTime("now", "since", CONTEXT), NOW);
  assert.equal(parseTime("recent", "since", CONTEXT), NOW - 600_000);
  assert.equal(parseTime("today", "since", CONTEXT), midnight);
  assert.equal(parseTime("yesterday", "since", CONTEXT), new Date(2026, 10, 24).getTime());
  assert.equal(parseTime("this-week", "since", CONTEXT), new Date(2026, 10, 22).getTime());
  assert.equal(parseTime("week-ago", "since", CONTEXT), new Date(2026, 10, 18).getTime());
  assert.equal(parseTime("this-month", "since", CONTEXT), new Date(2026, 10, 1).getTime());
  assert.equal(parseTime("this-year", "since", CONTEXT), new Date(2026, 0, 1).getTime());
  assert.equal(parseTime("boot", "since", CONTEXT), NOW - 3600_000);
  assert.equal(parseTime("@1795570059.602", "since", CONTEXT), 1795570059602);
  assert.equal(parseTime("2026-11-25", "since", CONTEXT), midnight);
  assert.equal(parseTime("2026-11-25T10:00:00Z", "since", CONTEXT), Date.UTC(2026, 10, 25, 10));
  assert.ok(Math.abs(parseTime("2026-11-25 12:00", "since", CONTEXT) - NOW) < day);
});

Deno.test("system: idFromDatabase reads passwd/group lines", () => {
  const passwd = "root:x:0:0:root:/root:/bin/bash\nalice:x:1000:1000::/home/alice:/bin/sh\n";
  assert.equal(idFromDatabase(passwd, "alice"), 1000);
  assert.equal(idFromDatabase(passwd, "root"), 0);
  assert.equal(idFromDatabase(passwd, "ali"), undefined);
});

Deno.test("filters: every matcher has an exclude- twin that leaves out what it selects", () => {
  assert.deepEqual(matches({ "exclude-key": ["exec"] }), [false, true]);
  assert.deepEqual(matches({ "exclude-exe": ["vi"] }), [true, false]);
  assert.deepEqual(matches({ "exclude-uid": ["alice"] }), [false, true]);
  assert.deepEqual(matches({ "exclude-auid": ["unset"] }), [false, true]);
  assert.deepEqual(matches({ "exclude-pid": ["7"] }), [true, false]);
  assert.deepEqual(matches({ "exclude-syscall": ["59"] }), [false, true]);
  assert.deepEqual(matches({ "exclude-type": ["EXECVE"] }), [false, true]);
  assert.deepEqual(matches({ "exclude-file": ["shadow"] }), [false, true]);
  assert.deepEqual(matches({ "exclude-exe-regex": ["^/usr/bin/(vi|cat)$"] }), [false, false]);
  // Include and exclude together: selected AND not excluded.
  assert.deepEqual(matches({ success: "yes", "exclude-key": ["exec"] }), [false, false]);
  assert.deepEqual(matches({ pid: ["7", "42"], "exclude-exe": ["cat"] }), [false, true]);
  assert.throws(() => buildFilter({ "exclude-uid": ["nobody-here"] }, CONTEXT), /--exclude-uid/);
});

Deno.test("filters: --exe-regex matches the executable; a bad regex is a UsageError", () => {
  assert.deepEqual(matches({ "exe-regex": ["/c[a-z]t$"] }), [true, false]);
  assert.deepEqual(matches({ "exe-regex": ["^/usr/bin/v", "nothing"] }), [false, true]);
  assert.throws(
    () => buildFilter({ "exe-regex": ["(unclosed"] }, CONTEXT),
    (e: unknown) =>
      e instanceof UsageError && /^--exe-regex: bad regular expression/.test(e.message),
  );
});

Deno.test("filters: --drop-raw tests raw lines before parsing", () => {
  assert.equal(buildRawDrop({}), undefined);
  const drop = buildRawDrop({ "drop-raw": ["^type=CWD ", 'comm="noisy"'] });
  assert.ok(drop);
  assert.equal(drop('type=CWD msg=audit(1.0:1): cwd="/"'), true);
  assert.equal(drop('type=SYSCALL msg=audit(1.0:1): comm="noisy" exe="/x"'), true);
  assert.equal(drop('type=SYSCALL msg=audit(1.0:1): comm="calm"'), false);
  assert.throws(() => buildRawDrop({ "drop-raw": ["["] }), /--drop-raw: bad regular expression/);
});
