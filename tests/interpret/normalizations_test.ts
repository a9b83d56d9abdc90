import assert from "node:assert/strict";
import { parse } from "yaml";
import { NORMALIZATIONS } from "../../interpret/normalizations.ts";
import {
  hasSyscallNormalization,
  indexNormalizations,
  NormalizationTableError,
  recordTypeNormalizations,
  syscallNormalization,
} from "../../interpret/normalization_lookup.ts";
import { recordTypeNumber } from "../../parse/mod.ts";
import { convertNormalizations, RECORD_TYPE_CORRECTIONS } from "../../tools/gen_normalizations.ts";

const YAML = new URL(
  "../../../shared/conformance/go-libaudit/aucoalesce/normalizations.yaml",
  import.meta.url,
);

function readYaml(): string | undefined {
  try {
    return Deno.readTextFileSync(YAML);
  } catch {
    return undefined;
  }
}
const text = readYaml();

Deno.test({
  name: "normalizations: every record type and syscall named in go-libaudit's YAML is covered",
  ignore: text === undefined,
  fn() {
    const doc = parse(text!, { merge: true }) as {
      normalizations: { syscalls?: string | string[]; record_types?: string | string[] }[];
    };
    const syscalls = new Set<string>();
    const types = new Set<string>();
    for (const n of doc.normalizations) {
      for (const s of [n.syscalls ?? []].flat()) syscalls.add(s);
      for (const r of [n.record_types ?? []].flat()) types.add(r);
    }
    assert.ok(syscalls.size > 100 && types.size > 100);
    for (const s of syscalls) {
      assert.ok(hasSyscallNormalization(s), s);
      assert.ok(syscallNormalization(s)!.syscalls.includes(s), s);
    }
    for (const name of types) {
      const r = RECORD_TYPE_CORRECTIONS[name] ?? name;
      assert.ok(recordTypeNormalizations(r).length > 0, r);
      assert.ok(recordTypeNumber(r) !== undefined, `record type ${r} is in parse's table`);
    }
  },
});

Deno.test({
  name: "normalizations: the generated module equals the YAML's facts (regenerate when it fails)",
  ignore: text === undefined,
  fn() {
    assert.deepEqual(JSON.parse(JSON.stringify(NORMALIZATIONS)), convertNormalizations(text!));
  },
});

Deno.test("normalizations: lookups, catch-all and has_fields variants", () => {
  assert.equal(syscallNormalization("execve")!.action, "executed");
  assert.deepEqual(syscallNormalization("no_such_syscall")!.syscalls, ["*"]);
  assert.equal(hasSyscallNormalization("no_such_syscall"), false);
  const avc = recordTypeNormalizations("AVC");
  assert.equal(avc.length, 2);
  assert.ok(avc.every((n) => n.hasFields.length > 0));
  assert.deepEqual(recordTypeNormalizations("NO_SUCH_TYPE"), []);
});

Deno.test("normalizations: duplicate mappings are refused as go-libaudit does", () => {
  const base = NORMALIZATIONS[1]!;
  assert.throws(() => indexNormalizations([base, base]), NormalizationTableError);
  const typed = { ...base, syscalls: [], recordTypes: ["USER_LOGIN"] };
  assert.throws(() => indexNormalizations([typed, typed]), NormalizationTableError);
});
