import assert from "node:assert/strict";
import * as parse from "../../parse/mod.ts";
import {
  archName,
  AUDIT_EOE,
  AUDIT_FIRST_USER_MSG,
  AUDIT_LAST_USER_MSG,
  AUDIT_MAC_CALIPSO_DEL,
  AUDIT_MAC_UNLBL_ALLOW,
  AUDIT_PROCTITLE,
  AUDIT_SYSCALL,
  AUDIT_USER_LOGIN,
  errnoName,
  isSingleRecordType,
  isUnsetId,
  RECORD_TYPE_RANGES,
  RECORD_TYPES,
  recordTypeName,
  syscallName,
} from "../../parse/mod.ts";

Deno.test("AUDIT_* constants are the record types' numbers, one per name", () => {
  assert.equal(AUDIT_SYSCALL, 1300);
  assert.equal(AUDIT_EOE, 1320);
  assert.equal(AUDIT_PROCTITLE, 1327);
  assert.equal(recordTypeName(AUDIT_USER_LOGIN), "USER_LOGIN");
  let constants = 0;
  for (const [name, value] of Object.entries(parse)) {
    if (!name.startsWith("AUDIT_") || typeof value !== "number") continue;
    constants++;
    assert.ok(
      RECORD_TYPES[value] !== undefined || /_(FIRST|LAST)_|^AUDIT_(FIRST|LAST)_/.test(name),
      name,
    );
  }
  assert.ok(constants > 200, `${constants} constants`);
  // Every block of RECORD_TYPE_RANGES has its FIRST/LAST constants.
  const values = parse as unknown as Record<string, number>;
  for (const range of RECORD_TYPE_RANGES) {
    const first = Object.entries(values).find(([n, v]) =>
      n.includes("FIRST_") && n.replace("FIRST_", "").replace("AUDIT_", "") === range.name &&
      v === range.first
    );
    assert.ok(first !== undefined, range.name);
  }
  assert.equal(AUDIT_FIRST_USER_MSG, 1100);
  assert.equal(AUDIT_LAST_USER_MSG, 1199);
});

Deno.test("arch, syscall and errno lookups are public", () => {
  assert.equal(archName(0xc000003e), "x86_64");
  assert.equal(archName(0x1234), undefined);
  assert.equal(syscallName("x86_64", 59), "execve");
  assert.equal(syscallName("aarch64", 221), "execve");
  assert.equal(syscallName("nope", 1), undefined);
  assert.equal(syscallName("x86_64", 99999), undefined);
  assert.equal(syscallName("x86_64", "constructor" as unknown as number), undefined);
  assert.equal(errnoName(13), "EACCES");
  assert.equal(errnoName(11), "EAGAIN");
  assert.equal(errnoName(0), undefined);
  assert.equal(parse.SYSCALLS.x86_64?.[59], "execve");
  assert.equal(parse.ERRNO_NAMES[2], "ENOENT");
  assert.equal(parse.AUDIT_ARCH[0xc000003e], "x86_64");
  assert.equal(parse.syscallNumber("x86_64", "execve"), 59);
});

Deno.test("isUnsetId: 4294967295 and -1 only", () => {
  assert.ok(isUnsetId("4294967295"));
  assert.ok(isUnsetId("-1"));
  assert.ok(!isUnsetId("0"));
  assert.ok(!isUnsetId("unset"));
  assert.ok(!isUnsetId(undefined));
  assert.equal(parse.UNSET_ID, "4294967295");
});

Deno.test("isSingleRecordType follows audit_is_last_record (MAC_UNLBL_ALLOW..MAC_CALIPSO_DEL)", () => {
  for (let t = AUDIT_MAC_UNLBL_ALLOW; t <= AUDIT_MAC_CALIPSO_DEL; t++) {
    assert.ok(isSingleRecordType(t), String(t));
  }
  assert.ok(!isSingleRecordType(AUDIT_MAC_UNLBL_ALLOW - 1));
  assert.ok(!isSingleRecordType(AUDIT_MAC_CALIPSO_DEL + 1));
  assert.ok(!isSingleRecordType(AUDIT_SYSCALL));
  assert.ok(!isSingleRecordType(1006)); // LOGIN is logged inside a syscall
  assert.ok(isSingleRecordType(1005));
  assert.ok(isSingleRecordType(AUDIT_USER_LOGIN));
  assert.ok(isSingleRecordType(2000));
  assert.ok(isSingleRecordType(2100));
  assert.ok(!isSingleRecordType(AUDIT_EOE));
});
