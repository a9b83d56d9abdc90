// Label rules: parsing, matching on exe/argv/keys.
import assert from "node:assert/strict";
import { labelExec, labelKeys, LabelRuleError, parseLabelRule } from "../../interpret/mod.ts";

Deno.test("labels: LABEL=REGEX parses; bad specs throw a typed error naming the spec", () => {
  const rule = parseLabelRule("web=^/usr/sbin/(nginx|apache2)$");
  assert.equal(rule.label, "web");
  assert.ok(rule.pattern.test("/usr/sbin/nginx"));
  assert.throws(() => parseLabelRule("noequals"), LabelRuleError);
  assert.throws(() => parseLabelRule("=x"), LabelRuleError);
  assert.throws(
    () => parseLabelRule("bad=("),
    (e) => e instanceof LabelRuleError && e.spec === "bad=(",
  );
});

Deno.test("labels: exe, argv and key rules attach labels", () => {
  const rules = {
    exe: [parseLabelRule("web=nginx$")],
    argv: [parseLabelRule("dl=curl .*http")],
    keys: [parseLabelRule("watched=^passwd")],
  };
  assert.deepEqual([...labelExec(undefined, rules, "/usr/sbin/nginx", ["nginx"])!], ["web"]);
  assert.deepEqual([...labelExec(undefined, rules, "/usr/bin/curl", ["curl", "http://x"])!], [
    "dl",
  ]);
  assert.equal(labelExec(undefined, rules, "/bin/ls", ["ls"]), undefined);
  assert.deepEqual([...labelKeys(new Set(["a"]), rules, ["passwd-change"])!], ["a", "watched"]);
});
