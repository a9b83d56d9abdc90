import assert from "node:assert/strict";
import { parseLogLine } from "../../parse/mod.ts";
import { coalesce, escapeText, formatEventText } from "../../interpret/mod.ts";

Deno.test("text: escapeText escapes controls, separators, bidi and quotes", () => {
  assert.equal(escapeText("plain/path"), "plain/path");
  assert.equal(escapeText(""), '""');
  assert.equal(escapeText("a\nb"), "a\\x0ab");
  assert.equal(escapeText("\x1b[31mred"), "\\x1b[31mred");
  assert.equal(escapeText("a b"), '"a b"');
  assert.equal(escapeText('say "hi"'), '"say \\"hi\\""');
  assert.equal(escapeText("back\\slash"), "back\\\\slash");
  assert.equal(escapeText("x\u2028y\u202ez\x85"), "x\\u2028y\\u202ez\\x85");
  assert.equal(escapeText("\ud800"), "\\ud800");
  assert.equal(escapeText("ok \u{1f600}"), '"ok \u{1f600}"');
  assert.equal(escapeText("tab\there"), "tab\\x09here");
});

Deno.test("text: formatEventText renders one summary line", () => {
  const event = coalesce([parseLogLine(
    'type=USER_LOGIN msg=audit(1493046015.752:42120): pid=18981 uid=0 auid=4294967295 ses=4294967295 msg=\'op=login acct="root" exe="/usr/sbin/sshd" hostname=? addr=46.160.144.250 terminal=ssh res=failed\'',
  )]);
  assert.equal(
    formatEventText(event),
    "2017-04-24T15:00:15.752Z 42120 user-login user_login fail actor=unset/root " +
      "action=logged-in object=user-session:ssh/46.160.144.250 how=/usr/sbin/sshd",
  );
});

Deno.test("text: attacker-controlled values cannot break the line", () => {
  const event = coalesce([parseLogLine(
    'node=evil type=SYSCALL msg=audit(1700000000.000:1): arch=c000003e syscall=2 success=no exit=-13 items=0 pid=1 uid=0 auid=0 comm="x" exe=2F746D702F610A666F7267656420 key="k1"',
  )]);
  const line = formatEventText(event);
  assert.ok(!line.includes("\n"));
  assert.match(line, /how="\/tmp\/a\\x0aforged "/);
  assert.match(line, / tags=k1 node=evil$/);
});
