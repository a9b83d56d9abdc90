import assert from "node:assert/strict";
import { parseLogLine } from "../../parse/mod.ts";
import {
  coalesce,
  type IdFileSource,
  IdResolver,
  parseIdFile,
  resolveIds,
} from "../../interpret/mod.ts";

function fakeFiles(files: Record<string, { text: string; mtime: number }>) {
  let reads = 0;
  const source: IdFileSource = {
    readFile(path) {
      reads++;
      return files[path]?.text;
    },
    mtime: (path) => files[path]?.mtime,
  };
  return { source, files, reads: () => reads };
}

const PASSWD =
  "root:x:0:0:root:/root:/bin/bash\n# comment\nbad line\nalice:x:1000:1000::/home/alice:/bin/sh\n";
const GROUP = "root:x:0:\nwheel:x:10:alice\nalice:x:1000:\n";

Deno.test("id resolver: parses passwd and group formats; first entry wins", () => {
  const t = parseIdFile(PASSWD + "toor:x:0:0::/root:/bin/sh\nalice:x:1001:1001::/:/bin/sh");
  assert.equal(t.byId.get("0"), "root");
  assert.equal(t.byName.get("toor"), "0");
  assert.equal(t.byName.get("alice"), "1000");
  assert.equal(t.byId.size, 3);
  assert.equal(parseIdFile(GROUP).byId.get("10"), "wheel");
});

Deno.test("id resolver: re-reads a file when its change marker differs", () => {
  let now = 0;
  const f = fakeFiles({
    "/p": { text: PASSWD, mtime: 1 },
    "/g": { text: GROUP, mtime: 1 },
  });
  const r = new IdResolver(f.source, {
    passwdPath: "/p",
    groupPath: "/g",
    recheckInterval: 1000,
    now: () => now,
  });
  assert.equal(r.userName("1000"), "alice");
  assert.equal(r.userName("0"), "root");
  assert.equal(f.reads(), 1);
  f.files["/p"] = { text: "bob:x:1000:1000::/:/bin/sh\n", mtime: 2 };
  assert.equal(r.userName("1000"), "alice"); // not checked again yet
  now = 1000;
  assert.equal(r.userName("1000"), "bob");
  assert.equal(r.userId("bob"), "1000");
  now = 5000;
  r.userName("1000");
  assert.equal(f.reads(), 2); // unchanged marker: no re-read
  assert.equal(r.groupName("10"), "wheel");
  assert.equal(r.groupId("alice"), "1000");
});

Deno.test("id resolver: missing or unreadable files resolve nothing and do not throw", () => {
  const r = new IdResolver({
    readFile() {
      throw new Error("EACCES");
    },
    mtime: () => 1,
  });
  assert.equal(r.userName("0"), undefined);
  const missing = new IdResolver({ readFile: () => undefined, mtime: () => undefined });
  assert.equal(missing.groupName("0"), undefined);
  const event = coalesce([
    parseLogLine(
      "type=USER_CMD msg=audit(1.000:1): pid=1 uid=0 auid=1000 ses=1 msg='cwd=\"/\" cmd=6C73 res=success'",
    ),
  ]);
  const before = JSON.stringify(event);
  resolveIds(event, missing);
  assert.equal(JSON.stringify(event), before);
});

Deno.test("id resolver: resolveIds fills actor, user.names, file owner and ECS names", () => {
  const f = fakeFiles({
    "/etc/passwd": { text: PASSWD, mtime: 1 },
    "/etc/group": { text: GROUP, mtime: 1 },
  });
  const event = coalesce(
    `type=SYSCALL msg=audit(1700000000.000:5): arch=c000003e syscall=2 success=yes exit=3 a0=1 a1=2 a2=3 a3=4 items=1 ppid=1 pid=2 auid=1000 uid=0 gid=10 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=1 comm="cat" exe="/usr/bin/cat"
type=PATH msg=audit(1700000000.000:5): item=0 name="/etc/shadow" inode=42 dev=08:01 mode=0100640 ouid=0 ogid=10 rdev=00:00 nametype=NORMAL`
      .split("\n").map(parseLogLine),
  );
  event.ecs.user.name = "alice"; // as a mapping from a name would set it
  resolveIds(event, new IdResolver(f.source));
  assert.deepEqual(event.summary.actor, { primary: "alice", secondary: "root" });
  assert.equal(event.user.names!.auid, "alice");
  assert.equal(event.user.names!.gid, "wheel");
  assert.equal(event.user.names!.egid, "root");
  assert.deepEqual(Object.keys(event.user), ["ids", "names"]);
  assert.equal(event.file!.owner, "root");
  assert.equal(event.file!.group, "wheel");
  assert.equal(event.ecs.user.id, "1000");
});

Deno.test("id resolver: names from an ENRICHED log are used and preferred", () => {
  const GS = "\x1d";
  const event = coalesce([
    parseLogLine(
      `type=SYSCALL msg=audit(1700000000.000:5): arch=c000003e syscall=87 success=yes exit=0 a0=1 a1=2 a2=3 a3=4 items=2 ppid=1 pid=2 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=1 comm="rm" exe="/usr/bin/rm" key=(null)${GS}ARCH=x86_64 SYSCALL=unlink AUID="carol" UID="root" GID="root" EUID="root" SUID="root" FSUID="root" EGID="root" SGID="root" FSGID="root"`,
    ),
    parseLogLine(
      `type=PATH msg=audit(1700000000.000:5): item=0 name="/tmp/" inode=1 dev=08:01 mode=041777 ouid=0 ogid=0 rdev=00:00 nametype=PARENT${GS}OUID="root" OGID="root"`,
    ),
    parseLogLine(
      `type=PATH msg=audit(1700000000.000:5): item=1 name="/tmp/f" inode=2 dev=08:01 mode=0100644 ouid=1000 ogid=1000 rdev=00:00 nametype=DELETE${GS}OUID="carol" OGID="staff"`,
    ),
  ]);
  assert.equal(event.user.names!.auid, "carol");
  assert.deepEqual(Object.keys(event.user), ["ids", "names"]);
  assert.equal(event.file!.owner, "carol");
  assert.equal(event.file!.group, "staff");
  // The local passwd says 1000 is alice: the event's own names win.
  const local = new IdResolver({ readFile: () => PASSWD, mtime: () => 1 });
  resolveIds(event, local);
  assert.equal(event.summary.actor.primary, "carol");
  assert.equal(event.user.names!.auid, "carol");
  assert.equal(event.file!.owner, "carol");
});
