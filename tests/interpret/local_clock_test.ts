/**
 * `LocalClock` in the runtime's own zone (no zone given: `Date`'s local
 * time, no Intl formatter) gives what the Intl path gives for that zone.
 */
import assert from "node:assert/strict";

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
