/** aureport's record type names are libaudit's (msg_typetab.h), shared with auparse. */
import assert from "node:assert/strict";
import { auditMsgTypeToName, auditNameToMsgType } from "../../interpret/report/msg_types.ts";
import { msgTypeName } from "../../interpret/auparse/field.ts";

Deno.test("report: libaudit's names, (null) for numbers it does not name", () => {
  assert.equal(auditMsgTypeToName(1300), "SYSCALL");
  assert.equal(auditMsgTypeToName(1300), msgTypeName(1300));
  assert.equal(auditMsgTypeToName(1), "(null)");
  assert.equal(auditNameToMsgType("syscall"), 1300);
  assert.equal(auditNameToMsgType("UNKNOWN[1234]"), 1234);
  assert.equal(auditNameToMsgType("nope"), -1);
});
