/**
 * `LocalClock` in the runtime's own zone (no zone given: `Date`'s local
 * time, no Intl formatter) gives what the Intl path gives for that zone.
 * Far time stamps as glibc's `localtime` has them (the oracle: ausearch and
 * aureport 3.0.9 on tests/cli/testdata/search_stamps.log): past the year
 * 5881580 a zone's January offset holds all year, and before `Date`'s range
 * a zone keeps its local mean time (New York's -4:56:02).
 */
import assert from "node:assert/strict";
import { LocalClock } from "../../interpret/mod.ts";

const MODULE = new URL("../../interpret/auparse/time.ts", import.meta.url).href;

for (const zone of ["America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "Europe/Dublin"]) {
  Deno.test(`LocalClock: the runtime's zone equals Intl's, TZ=${zone}`, async () => {
    // Every 6 hours over 2019-2027, plus both sides of each hour in March,
    // April, October and November (DST changes).
    const script = `
      import { LocalClock } from ${JSON.stringify(MODULE)};
      const own = new LocalClock(), named = new LocalClock(${JSON.stringify(zone)});
      const bad = [];
      for (let t = 1546300800; t < 1830297600; t += 21600 - 1) {
        if (own.ausearchTime(t) !== named.ausearchTime(t)) bad.push(t);
        const m = new Date(t * 1000).getUTCMonth();
        if (m === 2 || m === 3 || m === 9 || m === 10) {
          for (let h = 0; h < 6; h++) {
            const u = t + h * 3600;
            if (own.ausearchTime(u - 1) !== named.ausearchTime(u - 1)) bad.push(u - 1);
            if (own.local(u).gmtoff !== named.local(u).gmtoff) bad.push(u);
          }
        }
      }
      console.log(JSON.stringify(bad.slice(0, 5)));
    `;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", script],
      env: { TZ: zone },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder();
    assert.ok(out.success, text.decode(out.stderr));
    assert.equal(text.decode(out.stdout).trim(), "[]");
  });
}

/** year 31690708 (July), year -3166904 (February). */
const FAR = [999999999999999, -99999999999999];
const WANT: Record<string, string[]> = {
  "America/New_York": ["07/04/08 20:46:39", "02/24/96 09:17:19"],
  "Australia/Sydney": ["07/05/08 12:46:39", "02/25/96 00:18:13"],
};

Deno.test("LocalClock: far times in a named zone, as glibc", () => {
  for (const [zone, want] of Object.entries(WANT)) {
    const clock = new LocalClock(zone);
    assert.deepEqual(FAR.map((s) => clock.ausearchTime(s)), want, zone);
  }
});

Deno.test("LocalClock and search's ctime: far times in the process's zone, as glibc", async () => {
  const code = `
    import { LocalClock } from "./interpret/mod.ts";
    import { ctime } from "./interpret/search/format.ts";
    const clock = new LocalClock();
    console.log(JSON.stringify(${
    JSON.stringify(FAR)
  }.map((s) => [clock.ausearchTime(s), ctime(s)])));
  `;
  for (const [zone, want] of Object.entries(WANT)) {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["eval", code],
      cwd: new URL("../../", import.meta.url).pathname,
      env: { TZ: zone },
    }).output();
    const got = JSON.parse(new TextDecoder().decode(out.stdout)) as [string, string][];
    assert.deepEqual(got.map(([t]) => t), want, zone);
    assert.deepEqual(
      got.map(([, c]) => c),
      zone === "America/New_York"
        ? ["Sat Jul  4 20:46:39 31690708", "Mon Feb 24 09:17:19 -3166904"]
        : ["Sun Jul  5 12:46:39 31690708", "Tue Feb 25 00:18:13 -3166904"],
      zone,
    );
  }
});
