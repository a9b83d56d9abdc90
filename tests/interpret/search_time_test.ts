import assert from "node:assert/strict";
import { searchTime, SearchTimeError, timeOption } from "../../interpret/search/mod.ts";

// The process's TZ decides local time; these tests pin it to UTC.
Deno.env.set("TZ", "UTC");

const now = Date.UTC(2026, 10, 25, 12, 34, 56) / 1000; // Wed Nov 25 2026
const facts = { now, uptime: 100.4 };
const utc = (...a: [number, number, number, number?, number?, number?]): number =>
  Date.UTC(...a) / 1000;

Deno.test("search time: start words are at midnight or now", () => {
  const start = (w: string): number | undefined =>
    timeOption("start", ["-ts", w], 0, facts).seconds;
  assert.deepStrictEqual(start("now"), now);
  assert.deepStrictEqual(start("recent"), now - 600);
  assert.deepStrictEqual(start("boot"), now - 100);
  assert.deepStrictEqual(start("this-hour"), utc(2026, 10, 25, 12));
  assert.deepStrictEqual(start("today"), utc(2026, 10, 25));
  assert.deepStrictEqual(start("yesterday"), utc(2026, 10, 24));
  assert.deepStrictEqual(start("this-week"), utc(2026, 10, 22)); // Sunday
  assert.deepStrictEqual(start("week-ago"), utc(2026, 10, 18));
  assert.deepStrictEqual(start("this-month"), utc(2026, 10, 1));
  assert.deepStrictEqual(start("this-year"), utc(2026, 0, 1));
  assert.deepStrictEqual(timeOption("start", ["-ts", "checkpoint"], 0, facts), {
    checkpoint: true,
    used: 1,
  });
});

Deno.test("search time: -te today is now; a bare end date is that date at the current time", () => {
  assert.deepStrictEqual(timeOption("end", ["-te", "today"], 0, facts).seconds, now);
  assert.deepStrictEqual(
    timeOption("end", ["-te", "11/20/26"], 0, facts).seconds,
    utc(2026, 10, 20, 12, 34, 56),
  );
  assert.deepStrictEqual(
    timeOption("start", ["-ts", "11/20/26"], 0, facts).seconds,
    utc(2026, 10, 20),
  );
});

Deno.test("search time: date and time in either order, HH:MM gets :00, second granularity", () => {
  const a = timeOption("end", ["-te", "11/25/26", "01:35:04"], 0, facts);
  const b = timeOption("end", ["-te", "01:35:04", "11/25/26"], 0, facts);
  assert.deepStrictEqual(a, { seconds: utc(2026, 10, 25, 1, 35, 4), used: 2 });
  assert.deepStrictEqual(b, a);
  assert.deepStrictEqual(
    timeOption("start", ["-ts", "01:35"], 0, facts).seconds,
    utc(2026, 10, 25, 1, 35),
  );
  assert.deepStrictEqual(timeOption("start", ["-ts", "1:05", "-k", "x"], 0, facts).used, 1);
  assert.deepStrictEqual(searchTime("start", "11/25/2026", "00:00:00", facts), utc(2026, 10, 25));
});

Deno.test("search time: refused as ausearch refuses, with its messages", () => {
  const err = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof SearchTimeError);
      return e.message;
    }
    throw new Error("no error");
  };
  assert.deepStrictEqual(
    err(() => timeOption("start", ["-ts"], 0, facts)),
    "-ts requires either date and/or time",
  );
  assert.deepStrictEqual(
    err(() => timeOption("start", ["-ts", "tomorrow"], 0, facts)),
    "Invalid start date (tomorrow). Month, Day, and Year are required.",
  );
  assert.deepStrictEqual(
    err(() => timeOption("end", ["-te", "11/25/26", "25:00:00"], 0, facts)),
    "Invalid end time (25:00:00). Hour, Minute, and Second are required.",
  );
  assert.deepStrictEqual(
    err(() => timeOption("end", ["-te", "11/25/267x"], 0, facts)),
    "Error parsing end date (11/25/267x)",
  );
  assert.deepStrictEqual(
    err(() => timeOption("end", ["-te", "01/01/03"], 0, facts)),
    "Error - year is 2003",
  );
  // strptime matched, then text was left over: "Error parsing"; no match: "Invalid".
  assert.deepStrictEqual(
    err(() => timeOption("start", ["-ts", "13/01/26"], 0, facts)),
    "Invalid start date (13/01/26). Month, Day, and Year are required.",
  );
  assert.deepStrictEqual(
    err(() => timeOption("end", ["-te", "00/00/00"], 0, facts)),
    "Invalid end date (00/00/00). Month, Day, and Year are required.",
  );
  assert.deepStrictEqual(
    err(() => timeOption("start", ["-ts", "1:2:3"], 0, facts)),
    "Error parsing start time (1:2:3)",
  );
  assert.deepStrictEqual(
    err(() => timeOption("end", ["-te", "12:00:00:00"], 0, facts)),
    "Error parsing end time (12:00:00:00)",
  );
  assert.deepStrictEqual(
    err(() => searchTime("start", "boot", undefined, { now })),
    "Can't read uptime",
  );
});

Deno.test("search time: a date takes the DST flag in force that day, as ausearch's mktime leaves it", () => {
  Deno.env.set("TZ", "America/New_York");
  try {
    const start = (...a: string[]): number | undefined =>
      timeOption("start", ["-ts", ...a], 0, facts).seconds;
    assert.deepStrictEqual(start("07/04/26"), utc(2026, 6, 4, 4)); // 00:00 EDT
    assert.deepStrictEqual(start("07/04/26", "12:00:00"), utc(2026, 6, 4, 16));
    assert.deepStrictEqual(start("11/25/26"), utc(2026, 10, 25, 5)); // 00:00 EST
    // The hour that occurs twice is the first (EDT); the skipped one is read as EST.
    assert.deepStrictEqual(start("11/01/26", "01:30:00"), utc(2026, 10, 1, 5, 30));
    assert.deepStrictEqual(start("03/08/26", "02:30:00"), utc(2026, 2, 8, 7, 30));
    assert.deepStrictEqual(
      timeOption("end", ["-te", "07/04/26", "23:59:59"], 0, facts).seconds,
      utc(2026, 6, 5, 3, 59, 59),
    );
  } finally {
    Deno.env.set("TZ", "UTC");
  }
});
