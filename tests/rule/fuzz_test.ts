import assert from "node:assert/strict";
import {
  decodeRule,
  encodeRule,
  formatRule,
  kernelForm,
  parseRule,
  parseRulesFile,
  RuleDecodeError,
  RuleSyntaxError,
} from "../../rule/mod.ts";

const WORDS = [
  "-a",
  "-A",
  "-d",
  "-w",
  "-W",
  "-S",
  "-F",
  "-C",
  "-k",
  "-p",
  "-D",
  "-e",
  "-b",
  "-c",
  "-i",
  "-l",
  "always,exit",
  "never,user",
  "exit,always",
  "always,exclude",
  "always,task",
  "always,io_uring",
  "open",
  "openat,close",
  "all",
  "59",
  "99999",
  "arch=b64",
  "arch=b32",
  "uid=0",
  "auid!=unset",
  "exit=-EPERM",
  "key=k",
  "path=/etc",
  "dir=/tmp/",
  "perm=wa",
  "msgtype=USER_LOGIN",
  "a0&=3",
  "euid=uid",
  "uid!=obj_uid",
  "/etc/passwd",
  "wa",
  "rwxa",
  "x",
  "1",
  "2",
  "--backlog_wait_time",
  "--loginuid-immutable",
  "filetype=file",
  "success=1",
  "exe=/bin/ls",
  "sessionid=unset",
  "\\",
  "=",
  "!=",
  "-",
  "--",
  "",
  "é",
  "\x01",
  "#",
];

const PREFIXES = [
  "-a always,exit",
  "-A never,exit",
  "-a always,exit -F arch=b32",
  "-a always,exit -F arch=b64",
  "-a always,user",
  "-a never,exclude",
  "-a always,io_uring",
  "-d always,exit",
  "-w /etc/passwd",
  "-W /etc/shadow",
];
const VALUES: Readonly<Record<string, readonly string[]>> = {
  "-S": ["open", "openat,close", "all", "59", "execve", "nope", "2047", "2048", "adjtimex,stime"],
  "-F": [
    "uid=0",
    "auid>=1000",
    "auid!=unset",
    "exit=-EPERM",
    "exit=5",
    "key=k",
    "path=/etc",
    "dir=/tmp/",
    "perm=wa",
    "msgtype=USER_LOGIN",
    "a0&=3",
    "a1=-1",
    "filetype=file",
    "success=1",
    "exe=/bin/ls",
    "sessionid=unset",
    "inode=5",
    "gid=0",
    "pid=1",
    "ppid=2",
    "obj_user=u",
    "subj_type=t",
    "saddr_fam=10",
    "arch=b64",
    "loginuid=0",
    "key!=x",
    "devmajor<3",
    "pers&1",
  ],
  "-C": ["euid=uid", "uid!=obj_uid", "gid!=egid", "auid=fsuid", "uid=gid"],
  "-k": ["a", "b", "long-key", "x=y"],
  "-p": ["wa", "rwxa", "x", "q"],
};

function rng(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

Deno.test("fuzz: random rule text only ever throws RuleSyntaxError; accepted rules round-trip", () => {
  const random = rng(42);
  let accepted = 0;
  for (let i = 0; i < 20000; i++) {
    const pick = (list: readonly string[]) => list[Math.floor(random() * list.length)]!;
    const words = random() < 0.2
      ? Array.from({ length: 1 + Math.floor(random() * 7) }, () => pick(WORDS))
      : [pick(PREFIXES)];
    for (let n = Math.floor(random() * 5); n > 0 && words.length < 12; n--) {
      const option = pick(["-S", "-F", "-F", "-F", "-C", "-k", "-p"]);
      words.push(option, pick(VALUES[option]!));
    }
    const text = words.join(" ");
    let rule;
    try {
      rule = parseRule(text, { machine: "x86_64" });
    } catch (e) {
      assert.ok(e instanceof RuleSyntaxError, `${JSON.stringify(text)}: ${e}`);
      continue;
    }
    accepted++;
    const bytes = encodeRule(rule);
    const again = encodeRule(parseRule(formatRule(decodeRule(bytes), { exact: true }), {
      machine: "x86_64",
      isDirectory: () => false,
    }));
    assert.deepEqual(kernelForm(again), kernelForm(bytes), text);
  }
  assert.ok(accepted > 2000, `only ${accepted} accepted`);
});

Deno.test("fuzz: random bytes decode or throw RuleDecodeError; files never throw", () => {
  const random = rng(7);
  for (let i = 0; i < 2000; i++) {
    const bytes = new Uint8Array(1000 + Math.floor(random() * 100));
    for (let j = 0; j < bytes.length; j++) {
      bytes[j] = random() < 0.9 ? 0 : Math.floor(random() * 256);
    }
    try {
      formatRule(decodeRule(bytes));
    } catch (e) {
      assert.ok(e instanceof RuleDecodeError, String(e));
    }
  }
  const text = Array.from({ length: 500 }, (_, i) => WORDS.slice(i % 20, (i % 20) + 4).join(" "))
    .join("\n");
  const { entries, errors } = parseRulesFile(text);
  assert.equal(entries.length + errors.length > 0, true);
});
