// go-libaudit's aucoalesce golden cases: every event must equal its golden
// event (without ID resolution), except the listed deviations, which fix
// go-libaudit faults (also listed in the README).
import assert from "node:assert/strict";
import { parse } from "yaml";
import { parseLogLine } from "../../parse/mod.ts";
import { coalesce } from "../../interpret/mod.ts";

const DIR = new URL("../../../shared/conformance/go-libaudit/aucoalesce/", import.meta.url);

// deno-lint-ignore no-explicit-any
type Json = any;

interface Deviation {
  readonly file: string;
  readonly test: string;
  readonly reason: string;
  readonly patch: (golden: Json) => void;
}

/** Where this project deliberately differs from go-libaudit's golden output. */
export const DEVIATIONS: readonly Deviation[] = [
  {
    file: "rhel-7-linux-3.10.0.yaml",
    test: "make-device",
    reason: "The PATH records of older kernels name their type `objtype`, not `nametype`; " +
      "go-libaudit reads only `nametype`, so it takes the PARENT directory as the object. " +
      "The object is the created FIFO, and its type comes from the mode's S_IFMT bits " +
      "(go-libaudit converts the mode with os.FileMode, whose type bits differ from Unix's, " +
      'so every object with a mode is a "file").',
    patch(g) {
      g.event.summary.object = { type: "named-pipe", primary: "/run/systemd/sessions/23.ref" };
      Object.assign(g.event.file, {
        path: "/run/systemd/sessions/23.ref",
        inode: "98040",
        mode: "0600",
      });
    },
  },
  {
    file: "rhel-7-linux-3.10.0.yaml",
    test: "mount syscall",
    reason: "The object's type comes from the mode's S_IFMT bits: the mount point is a " +
      'directory (go-libaudit says "file" for every mode, see above).',
    patch(g) {
      g.event.summary.object.type = "directory";
    },
  },
];

function files(): string[] {
  try {
    return [...Deno.readDirSync(DIR)]
      .map((e) => e.name)
      .filter((n) => n.endsWith(".yaml") && n !== "normalizations.yaml")
      .sort();
  } catch {
    return [];
  }
}

interface Golden {
  test_name: string;
  event: Json;
  warnings?: string[];
}

const found = files();
if (found.length === 0) {
  Deno.test({
    name: "coalesce conformance (../shared/conformance is absent)",
    ignore: true,
    fn() {},
  });
}

for (const file of found) {
  Deno.test(`coalesce conformance: ${file}`, async (t) => {
    const yaml = parse(Deno.readTextFileSync(new URL(file, DIR))) as {
      tests: Record<string, string>;
    };
    const golden = JSON.parse(
      Deno.readTextFileSync(new URL(file.replace(/\.yaml$/, ".json.golden"), DIR)),
    ) as Golden[];
    assert.equal(golden.length, Object.keys(yaml.tests).length);
    let exact = 0;
    let deviating = 0;
    for (const expected of golden) {
      const name = expected.test_name;
      const deviation = DEVIATIONS.find((d) => d.file === file && d.test === name);
      await t.step(name, () => {
        const lines = yaml.tests[name]!.split("\n").filter((l) => l.trim() !== "");
        const event = JSON.parse(JSON.stringify(coalesce(lines.map(parseLogLine))));
        const { warnings = [], ...rest } = event;
        const want = structuredClone(expected);
        if (deviation !== undefined) {
          assert.notDeepEqual(rest, want.event, "a listed deviation must differ from go-libaudit");
          deviation.patch(want);
        }
        assert.deepEqual(
          { test_name: name, event: rest, warnings: [...warnings].sort() },
          { test_name: name, event: want.event, warnings: want.warnings ?? [] },
        );
        if (deviation === undefined) exact++;
        else deviating++;
      });
    }
    console.log(`${file}: ${exact} exact, ${deviating} listed deviations, of ${golden.length}`);
  });
}

Deno.test({
  name: "coalesce conformance: JSON key order is go-libaudit's",
  ignore: found.length === 0,
  fn() {
    const file = "ubuntu-20.04.6-linux-5.15.0-1034-gcp";
    const yaml = parse(Deno.readTextFileSync(new URL(`${file}.yaml`, DIR))) as {
      tests: Record<string, string>;
    };
    const golden = JSON.parse(
      Deno.readTextFileSync(new URL(`${file}.json.golden`, DIR)),
    ) as Golden[];
    const lines = yaml.tests[golden[0]!.test_name]!.split("\n").filter((l) => l.trim() !== "");
    const event = coalesce(lines.map(parseLogLine));
    // Struct fields keep their declared order in Go (maps are sorted: not compared).
    const keysOf = (v: Json): string[] =>
      v !== null && typeof v === "object" && !Array.isArray(v)
        ? Object.entries(v).flatMap(([k, x]) =>
          ["data", "ids", "selinux", "paths"].includes(k)
            ? [k]
            : [k, ...keysOf(x).map((c) => `${k}.${c}`)]
        )
        : [];
    assert.deepEqual(keysOf(JSON.parse(JSON.stringify(event))), keysOf(golden[0]!.event));
  },
});
