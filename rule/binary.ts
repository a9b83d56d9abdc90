/**
 * `struct audit_rule_data` ⇄ {@linkcode Rule}: the bytes auditctl sends to
 * the kernel (`AUDIT_ADD_RULE`, `AUDIT_DEL_RULE`) and the kernel lists
 * (`AUDIT_LIST_RULES`), little or big endian as the host is.
 *
 * Layout: u32 flags, action, field_count, mask[64], fields[64], values[64],
 * fieldflags[64], buflen, then buflen bytes of string values (no NULs).
 *
 * @module
 */
import {
  BITMASK_SIZE,
  FILTER_MASK,
  FILTER_PREPEND,
  MAX_FIELDS,
  RULE_HEADER_SIZE,
} from "./constants.ts";
import { isStringField } from "./tables.ts";
import type { Rule, RuleField } from "./types.ts";

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MASK_OFFSET = 12;
const FIELDS_OFFSET = MASK_OFFSET + BITMASK_SIZE * 4;
const VALUES_OFFSET = FIELDS_OFFSET + MAX_FIELDS * 4;
const FIELDFLAGS_OFFSET = VALUES_OFFSET + MAX_FIELDS * 4;
const BUFLEN_OFFSET = FIELDFLAGS_OFFSET + MAX_FIELDS * 4;

/** A rule's bytes are not a valid `struct audit_rule_data`. */
export class RuleDecodeError extends RangeError {
  /** Byte offset of the problem. */
  readonly offset: number;
  /** Creates the error. */
  constructor(message: string, offset: number) {
    super(message);
    this.name = "RuleDecodeError";
    this.offset = offset;
  }
}

/**
 * Encodes a rule as the kernel's `struct audit_rule_data`, byte for byte what
 * auditctl sends. A `prepend` rule gets `AUDIT_FILTER_PREPEND` in its flags.
 */
export function encodeRule(rule: Rule): Uint8Array {
  if (rule.fields.length > MAX_FIELDS) {
    throw new RangeError(`a rule has at most ${MAX_FIELDS} fields, got ${rule.fields.length}`);
  }
  const encoder = new TextEncoder();
  const strings: Uint8Array[] = [];
  let buflen = 0;
  const values = rule.fields.map((f) => {
    if (typeof f.value === "string") {
      const bytes = encoder.encode(f.value);
      strings.push(bytes);
      buflen += bytes.length;
      return bytes.length;
    }
    return f.value >>> 0;
  });
  const out = new Uint8Array(RULE_HEADER_SIZE + buflen);
  const view = new DataView(out.buffer);
  const put = (offset: number, value: number) => view.setUint32(offset, value >>> 0, LITTLE_ENDIAN);
  put(0, rule.list | (rule.operation === "prepend" ? FILTER_PREPEND : 0));
  put(4, rule.action);
  put(8, rule.fields.length);
  for (let i = 0; i < BITMASK_SIZE; i++) put(MASK_OFFSET + i * 4, rule.mask[i] ?? 0);
  rule.fields.forEach((f, i) => {
    put(FIELDS_OFFSET + i * 4, f.field);
    put(VALUES_OFFSET + i * 4, values[i]!);
    put(FIELDFLAGS_OFFSET + i * 4, f.op);
  });
  put(BUFLEN_OFFSET, buflen);
  let offset = RULE_HEADER_SIZE;
  for (const s of strings) {
    out.set(s, offset);
    offset += s.length;
  }
  return out;
}

/**
 * Decodes a `struct audit_rule_data` (trailing netlink padding is allowed).
 * String values are decoded as UTF-8; fields the kernel marks with operator
 * bits in `fields` are split the way auditctl does.
 *
 * @throws {RuleDecodeError} when the bytes are too short or inconsistent.
 */
export function decodeRule(bytes: Uint8Array): Rule {
  if (bytes.length < RULE_HEADER_SIZE) {
    throw new RuleDecodeError(
      `audit rule data too short: ${bytes.length} bytes, expected at least ${RULE_HEADER_SIZE}`,
      bytes.length,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const get = (offset: number) => view.getUint32(offset, LITTLE_ENDIAN);
  const flags = get(0), action = get(4), count = get(8), buflen = get(BUFLEN_OFFSET);
  if (count > MAX_FIELDS) {
    throw new RuleDecodeError(`field_count ${count} exceeds ${MAX_FIELDS}`, 8);
  }
  if (RULE_HEADER_SIZE + buflen > bytes.length) {
    throw new RuleDecodeError(
      `buflen ${buflen} runs past the end (${bytes.length} bytes)`,
      BUFLEN_OFFSET,
    );
  }
  const mask: number[] = [];
  for (let i = 0; i < BITMASK_SIZE; i++) mask.push(get(MASK_OFFSET + i * 4));
  const decoder = new TextDecoder();
  const fields: RuleField[] = [];
  let offset = RULE_HEADER_SIZE;
  for (let i = 0; i < count; i++) {
    const field = get(FIELDS_OFFSET + i * 4), value = get(VALUES_OFFSET + i * 4);
    const op = get(FIELDFLAGS_OFFSET + i * 4);
    if (isStringField(field)) {
      if (offset + value > RULE_HEADER_SIZE + buflen) {
        throw new RuleDecodeError(`string of field ${i} runs past buflen`, VALUES_OFFSET + i * 4);
      }
      fields.push({ field, op, value: decoder.decode(bytes.subarray(offset, offset + value)) });
      offset += value;
    } else {
      fields.push({ field, op, value });
    }
  }
  return {
    operation: flags & FILTER_PREPEND ? "prepend" : "append",
    list: flags & FILTER_MASK,
    action,
    mask,
    fields,
  };
}
