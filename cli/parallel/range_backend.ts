/**
 * Where the second thread of parallel `libaudit parse` runs its ranges: in
 * a worker (`parse_worker.ts`), or with `LIBAUDIT_PARALLEL_BACKEND=process`
 * in a child process (`range_proxy.ts` and `range_child.ts`) when
 * `libaudit` runs from source with the permission to start `deno` and to
 * read any file (else in a worker, as in a bundle or a compiled binary).
 * The worker is the default: on two idle cores it was as fast or faster
 * (431 MiB, `-i -f json`, 3 pairs: 6.0-7.0 s against 6.7-7.0 s) with less
 * memory in all (169-201 MiB against 129-140 MiB plus the child's 86-115
 * MiB); under load the child did better (bench/README.md, "Two threads").
 *
 * @module
 */
import { envVar } from "../host/system.ts";
import type { RangeSetup } from "./range_run.ts";
import type { ProxyStart } from "./range_proxy.ts";

/**
 * V8 flags of `deno task libaudit` and `deno task compile` (deno.json; a
 * test checks that they are these), also given to a range child: a small
 * young generation (smaller, faster collections); the old generation grown
 * to 1.5 times what a full collection left (V8 adds at least 8 MiB), not up
 * to four times: on the 933 MiB log (the RAW corpus ten times) twice let
 * `parse -i -f json` peak at 115-120 MiB with `--threads 1` and 188-203 MiB
 * with 2, 1.5 times at 106-113 and 168-174 MiB, for no CPU on the 93 MiB
 * corpus (paired medians, 7-9 pairs: parse RAW 0.994, ENRICHED 0.993,
 * `--threads 2` 1.005, `search -k exec -i` 1.003, `report -x --summary`
 * 1.003) and about 1.5% on the 933 MiB log (more full collections); and half
 * V8's default budget of bytecode inlined into one optimized function, so
 * hot functions compile smaller and sooner (on the 75 MiB RAW log, paired,
 * 2026-12-03: `parse -i -f json` CPU -3%, `search -k exec -i` -2.4%,
 * `report -x --summary` -1%; the 800 MB log and the live stream unchanged).
 * Not `--single-threaded`: on a 180 MB log a child then peaked at 90 MiB
 * instead of 73 MiB, for no gain in time. `LIBAUDIT_CHILD_V8_FLAGS`
 * replaces them for the child (benchmarks).
 */
export const CHILD_V8_FLAGS =
  "--max-semi-space-size=2,--heap-growing-percent=50,--max-inlined-bytecode-size-cumulative=460";

/**
 * How to start a range child for `setup`, or undefined when ranges run in
 * a worker: `LIBAUDIT_PARALLEL_BACKEND` is not `process`, not running from source
 * (`deno compile`, a bundle), or no permission to run `deno` or to read
 * every file (the child gets `--allow-read` and nothing else, so it never
 * has more than the parent).
 */
export function childStart(setup: RangeSetup): ProxyStart | undefined {
  if (envVar("LIBAUDIT_PARALLEL_BACKEND") !== "process") return undefined;
  const dir = import.meta.dirname;
  const command = Deno.execPath();
  if (dir === undefined || !/^deno(\.exe)?$/.test(command.replace(/^.*[\\/]/, ""))) {
    return undefined;
  }
  try {
    const run = Deno.permissions.querySync({ name: "run", command }).state;
    const read = Deno.permissions.querySync({ name: "read" }).state;
    if (run !== "granted" || read !== "granted") return undefined;
    if (!Deno.statSync(`${dir}/range_child.ts`).isFile) return undefined;
  } catch {
    return undefined;
  }
  const die = Number(envVar("LIBAUDIT_CHILD_DIE_AFTER"));
  return {
    command,
    args: [
      "run",
      "--quiet",
      "--allow-read",
      `--v8-flags=${envVar("LIBAUDIT_CHILD_V8_FLAGS") ?? CHILD_V8_FLAGS}`,
      `${dir}/range_child.ts`,
    ],
    child: {
      setup,
      dieAfter: Number.isInteger(die) ? die : undefined,
    },
  };
}
