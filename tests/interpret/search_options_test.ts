// parseSearchArgs against what ausearch 3.0.9 does with the same command
// lines (its numbers are C's strtoul/strtol into 32-bit variables, its names
// libaudit 3.0.9's tables, its messages its own).
import assert from "node:assert/strict";
import {
  parseSearchArgs,
  SearchOptionError,
  type SearchOptions,
} from "../../interpret/search/mod.ts";

const facts = { now: 0, machine: "x86_64" };
const parse = (...args: string[]): SearchOptions => parseSearchArgs(args, facts);

/** What ausearch writes to stderr for a refused command line. */
function refused(...args: string[]): string {
  try {
    parseSearchArgs(args, facts);
  } catch (e) {
    assert.ok(e instanceof SearchOptionError);
    return e.stderr;
  }
  throw new Error(`accepted: ${args.join(" ")}`);
}

Deno.test("search options: numbers are strtoul/strtol into 32 bits, with ausearch's ERANGE messages", () => {
  const max = "18446744073709551615"; // ULONG_MAX: no ERANGE, -1 in 32 bits
  const over = "18446744073709551616";
  assert.equal(parse("-ui", max).criteria.uid, 4294967295);
  assert.equal(parse("-gi", max).criteria.gid, 4294967295);
  assert.equal(parse("-ul", max).criteria.loginuid, 4294967295);
  assert.equal(parse("--session", max).criteria.session, 4294967295);
  assert.equal(parse("-ui", "4294967296").criteria.uid, 0);
  // -1 is "not set" for the event id and the syscall.
  assert.equal(parse("-a", "4294967295").criteria.eventId, undefined);
  assert.equal(parse("-a", max).criteria.eventId, undefined);
  assert.equal(parse("-a", "4294967296").criteria.eventId, 0);
  assert.equal(parse("-sc", "4294967295").criteria.syscall, undefined);
  assert.equal(parse("--eoe-timeout", "4294967296").eoeTimeout, 4294967296);
  assert.equal(parse("-e", "0x10").criteria.exit, 16);
  assert.equal(parse("-e", "-010").criteria.exit, -8);
  const range = "(Numerical result out of range)";
  assert.equal(refused("-ui", over), `Numeric user ID conversion error ${range} for ${over}\n`);
  assert.equal(refused("-ul", over), `Numeric user ID conversion error ${range} for ${over}\n`);
  assert.equal(refused("-ga", over), `Numeric group ID conversion error ${range} for ${over}\n`);
  assert.equal(refused("-sc", over), `Syscall numeric conversion error ${range} for ${over}\n`);
  assert.equal(refused("-e", max), `Error converting ${max}\n`);
  assert.equal(refused("-ul", "-99999999999999999999"), "Error converting -99999999999999999999\n");
  assert.equal(refused("-a", over), "Illegal value for audit event ID"); // no newline
  assert.equal(refused("-p", over), ""); // ausearch says nothing
  assert.equal(refused("--session", over), "");
  assert.equal(
    refused("--eoe-timeout", over),
    `Illegal value for End of Event Timeout, was ${over}\n`,
  );
});

Deno.test("search options: -m takes libaudit 3.0.9's record type names and lists them when refused", () => {
  assert.deepStrictEqual(parse("-m", "syscall,Path").criteria.types, [1300, 1302]);
  assert.deepStrictEqual(parse("-m", "UNKNOWN[1300]").criteria.types, [1300]);
  assert.deepStrictEqual(parse("-m", "UNKNOWN[abc]").criteria.types, [0]);
  assert.equal(parse("-m", "all").criteria.types, undefined);
  assert.equal(parse("-m", ",").criteria.types, undefined);
  assert.deepStrictEqual(parse("-m", "PATH", "-m", "ALL").criteria.types, [1302]);
  const list = refused("-m", "FOO");
  assert.match(list, /^Valid message types are: ALL USER LOGIN USER_AUTH .* VIRT_MIGRATE_OUT \n$/);
  assert.doesNotMatch(list, / (GET|WATCH_INS|DM_CTRL|LAST_USER_MSG) /);
  // Names libaudit 3.0.9 does not have, lower-case UNKNOWN, ALL in a list.
  for (
    const m of ["GET", "WATCH_INS", "DM_CTRL", "LAST_USER_MSG", "unknown[1300]", "ALL,SYSCALL"]
  ) {
    assert.equal(refused("-m", m), list, m);
  }
  assert.equal(refused("-m"), `Argument is required for -m\n${list}`);
  assert.equal(
    refused("-m", "99999999999999999999"),
    `Numeric message type conversion error (Numerical result out of range) for 99999999999999999999\n${list}`,
  );
});

Deno.test("search options: --arch is audit_determine_machine (any case, AUDIT_ARCH in hex), -sc any case", () => {
  for (const arch of ["x86_64", "X86_64", "B64", "c000003e", "C000003E"]) {
    assert.deepStrictEqual(parse("--arch", arch).criteria.arches, [0xc000003e | 0], arch);
  }
  assert.deepStrictEqual(parse("--arch", "b32").criteria.arches, [0x40000003]);
  assert.deepStrictEqual(parse("--arch", "40000003").criteria.arches, [0x40000003]);
  for (const arch of ["3e", "riscv64", "i386x"]) {
    assert.equal(refused("--arch", arch), `Unknown arch ${arch}\n`);
  }
  assert.equal(parse("-sc", "EXECVE").criteria.syscall, 59);
  assert.equal(parse("--arch", "i386", "-sc", "Socketcall").criteria.syscall, 102);
});

Deno.test("search options: the --extra-* check still runs after a refused option", () => {
  const extra = "--extra options requires format to be csv\n";
  assert.equal(
    refused("--format", "text", "--extra-keys", "-i"),
    `Conflicting output format -i\n${extra}`,
  );
  assert.equal(refused("--extra-keys", "x"), `Argument is NOT required for --extra-keys\n${extra}`);
  assert.equal(
    refused("--extra-time", "-p", "x"),
    `Process id must be a numeric value, was x\n${extra}`,
  );
  assert.equal(refused("--extra-obj2", "-p", "x"), "Process id must be a numeric value, was x\n");
});

Deno.test("search options: a conflicting -i/-r with an argument gets both of ausearch's messages; -if's length", () => {
  assert.equal(
    refused("--format", "csv", "-i", "x"),
    "Conflicting output format -i\nArgument is NOT required for -i\n",
  );
  assert.equal(
    refused("-i", "-r", "x"),
    "Conflicting output format --raw\nArgument is NOT required for --raw\n",
  );
  assert.equal(refused("-r", "x"), "Argument is NOT required for --raw\n");
  const long = `/tmp/${"a".repeat(4059)}`; // 4064 bytes: PATH_MAX - 32
  assert.equal(refused("-if", long), `File name is too longs ${long}\n`);
  assert.equal(parse("-if", long.slice(1)).inputFile, long.slice(1));
});
