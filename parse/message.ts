/**
 * The parsed audit message and its stored (JSON) shape.
 *
 * @module
 */

import { enrichFields } from "./enrich.ts";
import { type ParsedTail, parseTail } from "./enriched.ts";
import { FieldMap } from "./fields.ts";
import { extractFields } from "./_extract.ts";
import {
  bodyHash,
  cachedFields,
  cacheFields,
  fieldCacheActive,
  MAX_CACHED_BODY,
  ParsedFields,
} from "./_field_cache.ts";
import { flatSlice } from "./_flat.ts";
import { RecordJsonCache } from "./_record_json_cache.ts";
import { SyscallFieldCache } from "./_syscall_fields.ts";
import { normalizeBody } from "./normalize.ts";
import {
  AUDIT_AVC,
  AUDIT_CRED_DISP,
  AUDIT_EXECVE,
  AUDIT_LOGIN,
  AUDIT_SYSCALL,
  AUDIT_USER_AVC,
  AUDIT_USER_END,
  AUDIT_USER_START,
} from "./tables/record_type_constants.ts";
import { recordTypeName } from "./record_type.ts";
import { formatTimestamp } from "./timestamp.ts";

/**
 * A message in go-libaudit's stored shape (what `toJSON()` returns and
 * `libaudit parse --format json` prints), plus `node` and `enrichment` when
 * the line had them.
 */
export interface StoredMessage {
  /** RFC 3339 UTC time, trailing zeros of the fraction removed. */
  "@timestamp": string;
  /** Lower-case record type name, e.g. `"syscall"`, `"unknown[1234]"`. */
  record_type: string;
  /** Audit serial. */
  sequence: number;
  /** The text after `msg=` (header included, ENRICHED tail excluded). */
  raw_msg: string;
  /** Rule keys, when the record has any. */
  keys?: string[];
  /** Parsed and enriched fields. */
  data: Record<string, string>;
  /** Why enrichment failed, when it did. */
  error?: string;
  /** The `node=` prefix of the line, when present (not in go-libaudit). */
  node?: string;
  /** The ENRICHED tail's translations, when present (not in go-libaudit). */
  enrichment?: Record<string, string>;
}

/** One audit record (one log line or one netlink message). */
export interface AuditMessage {
  /** Record type number, e.g. `1300`. */
  readonly recordType: number;
  /** Record type name, e.g. `"SYSCALL"`; unknown numbers `"UNKNOWN[1234]"`. */
  readonly recordTypeName: string;
  /** Time of the event in milliseconds since the epoch. */
  readonly timestamp: number;
  /** Audit serial from `audit(…:SEQ)`. */
  readonly sequence: number;
  /** The host from a `node=HOST ` prefix, if any. */
  readonly node: string | undefined;
  /**
   * go-libaudit's `raw_msg`: the text after `msg=`, starting with the
   * `audit(SECS.MS:SEQ):` header, trimmed, without the ENRICHED tail.
   */
  readonly rawMessage: string;
  /**
   * Parsed and enriched fields, all strings; computed on first access. The
   * object may be shared with other messages of the same record body (the
   * parser caches fields by body): read it, never change it.
   */
  readonly data: Readonly<Record<string, string>>;
  /** Rule keys (`key=`, several when `\x01`-separated). */
  readonly keys: readonly string[];
  /**
   * The ENRICHED tail (`ARCH=x86_64 SYSCALL=… AUID="root"`), if any; shared
   * like {@linkcode data}: read it, never change it.
   */
  readonly enrichment: Readonly<Record<string, string>> | undefined;
  /** Why enrichment failed, if it did (the fields are still there). */
  readonly error: string | undefined;
  /**
   * The message in go-libaudit's stored shape. Its `data` and `enrichment`
   * may be this message's own objects: read them, never change them.
   */
  toJSON(): StoredMessage;
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/** Lazily parsed {@linkcode AuditMessage}. */
export class Message implements AuditMessage {
  readonly recordType: number;
  readonly timestamp: number;
  readonly sequence: number;
  readonly node: string | undefined;
  readonly #text: string;
  readonly #rawStart: number;
  readonly #rawEnd: number;
  readonly #bodyStart: number;
  readonly #tailStart: number;
  #fields: ParsedFields | undefined;
  #tail: ParsedTail | undefined;

  /**
   * Creates a message over `text`: `text[rawStart:rawEnd]` is the raw
   * message, fields start at `bodyStart`, the ENRICHED tail at `tailStart`
   * (-1: none).
   */
  constructor(
    recordType: number,
    timestamp: number,
    sequence: number,
    node: string | undefined,
    text: string,
    rawStart: number,
    rawEnd: number,
    bodyStart: number,
    tailStart: number,
  ) {
    this.recordType = recordType;
    this.timestamp = timestamp;
    this.sequence = sequence;
    this.node = node;
    this.#text = text;
    this.#rawStart = rawStart;
    this.#rawEnd = rawEnd;
    this.#bodyStart = bodyStart;
    this.#tailStart = tailStart;
  }

  /**
   * The text this message was parsed from (a log line or netlink payload):
   * for caches keyed by record text ({@linkcode Message.bodyStart}).
   */
  get line(): string {
    return this.#text;
  }

  /**
   * Where the body starts in {@linkcode Message.line} (right after
   * `audit(…):`): the line from there on (fields and ENRICHED tail) is all of
   * the message but its header (type, node, time and serial).
   */
  get bodyStart(): number {
    return this.#bodyStart;
  }

  /** Where the fields end in {@linkcode Message.line} (where the ENRICHED tail or trailing space starts). */
  get bodyEnd(): number {
    return this.#rawEnd;
  }

  get recordTypeName(): string {
    return recordTypeName(this.recordType);
  }

  get rawMessage(): string {
    return this.#text.slice(this.#rawStart, this.#rawEnd);
  }

  get data(): Readonly<Record<string, string>> {
    return (this.#fields ?? this.#parse()).data;
  }

  get keys(): readonly string[] {
    return (this.#fields ?? this.#parse()).keys;
  }

  get error(): string | undefined {
    return (this.#fields ?? this.#parse()).error;
  }

  get enrichment(): Readonly<Record<string, string>> | undefined {
    if (this.#tailStart < 0) return undefined;
    return (this.#tail ??= parseTail(this.#text, this.#tailStart)).data;
  }

  #parse(): ParsedFields {
    const type = this.recordType;
    const text = this.#text;
    const start = this.#bodyStart;
    const end = this.#rawEnd;
    // SYSCALL records repeat but for a few values (`_syscall_fields.ts`).
    if (type === AUDIT_SYSCALL && end - start <= MAX_CACHED_BODY) {
      const hit = syscallFields.lookup(text, start, end);
      if (hit !== undefined) {
        return this.#fields = new ParsedFields(type, hit.data, hit.keys, hit.error);
      }
      const fields = parseFields(type, text, start, end);
      syscallFields.offer(text, start, end, fields);
      return this.#fields = fields;
    }
    // The fields are a function of the type and the body: a body seen
    // recently is not parsed again (see `_field_cache.ts`).
    const key = end - start <= MAX_CACHED_BODY && fieldCacheActive()
      ? text.slice(start, end)
      : undefined;
    const hash = key === undefined ? 0 : bodyHash(text, start, end);
    if (key !== undefined) {
      const hit = cachedFields(type, key, hash);
      if (hit !== undefined) return this.#fields = hit;
    }
    const fields = parseFields(type, text, start, end);
    if (key !== undefined) cacheFields(flatSlice(key, 0, key.length), hash, fields);
    return this.#fields = fields;
  }

  /**
   * `JSON.stringify(this.toJSON()) + "\n"`, put together from a piece kept
   * with the fields ({@linkcode ParsedFields.jsonTail}), so that a body seen
   * before is not serialized again.
   */
  toJSONLine(): string {
    const text = this.#text;
    const start = this.#bodyStart;
    const end = this.#rawEnd;
    // SYSCALL records repeat but for a few values (`_record_json_cache.ts`).
    const syscall = this.recordType === AUDIT_SYSCALL && this.#fields === undefined &&
      end - start <= MAX_CACHED_BODY;
    let tail = syscall ? syscallJson.lookup(text, start, end) : undefined;
    if (tail === undefined) {
      const fields = this.#fields ?? this.#parse();
      const offer = syscall && syscallJson.looked(text);
      // Fields parsed for this message only: one JSON.stringify is cheaper.
      if (!fields.cached && !offer) return JSON.stringify(this.toJSON()) + "\n";
      tail = fields.jsonTail ?? jsonTail(text, start, end, fields);
      if (fields.cached) fields.jsonTail = tail;
      if (offer) syscallJson.offer(text, start, end, tail, fields);
    }
    let line = '{"@timestamp":"' + formatTimestamp(this.timestamp) + '","record_type":' +
      quotedName(this.recordType) + ',"sequence":' + this.sequence + ',"raw_msg":"' +
      text.slice(this.#rawStart, start) + tail;
    if (this.node !== undefined) line += ',"node":' + JSON.stringify(this.node);
    if (this.#tailStart >= 0) {
      const tail = this.#tail ??= parseTail(this.#text, this.#tailStart);
      line += ',"enrichment":' + (tail.json ??= JSON.stringify(tail.data));
    }
    return line + "}\n";
  }

  toJSON(): StoredMessage {
    const fields = this.#fields ?? this.#parse();
    // Built in go-libaudit's key order: data comes after keys.
    const out = {
      "@timestamp": formatTimestamp(this.timestamp),
      record_type: lowerCaseName(this.recordType),
      sequence: this.sequence,
      // Flat: a sliced string would put all of `JSON.stringify` on its slow path.
      raw_msg: flatSlice(this.#text, this.#rawStart, this.#rawEnd),
    } as StoredMessage;
    if (fields.keys.length > 0) out.keys = [...fields.keys];
    // Cached fields are shared with other messages: a caller that changes
    // what it gets (against the docs) must not change those messages.
    out.data = fields.cached ? { ...fields.data } : fields.data;
    if (fields.error !== undefined) out.error = fields.error;
    if (this.node !== undefined) out.node = this.node;
    const enrichment = this.enrichment;
    // Tails are cached and shared too (see `enrichment`).
    if (enrichment !== undefined) out.enrichment = { ...enrichment };
    return out;
  }
}

/**
 * The stored-shape JSON of a message with these fields from its body's text
 * (`text[start:end]`) on: `…body","keys":[…],"data":{…},"error":"…"`. The
 * body's escape lacks its opening quote: the header before it,
 * `audit(SECS.MS:SEQ)`, needs no escapes.
 */
function jsonTail(text: string, start: number, end: number, fields: ParsedFields): string {
  let tail = JSON.stringify(text.slice(start, end)).slice(1);
  if (fields.keys.length > 0) tail += ',"keys":' + JSON.stringify(fields.keys);
  tail += ',"data":' + JSON.stringify(fields.data);
  if (fields.error !== undefined) tail += ',"error":' + JSON.stringify(fields.error);
  return tail;
}

/** SYSCALL records' JSON by their text around the values that change with every call. */
const syscallJson = new RecordJsonCache();
/** SYSCALL records' fields by their text around the values that change with every call. */
const syscallFields = new SyscallFieldCache();

/** Extracts and enriches the fields of `text[start:end]` for a record of `type`. */
function parseFields(type: number, text: string, start: number, end: number): ParsedFields {
  const f = new FieldMap();
  let keys: readonly string[] = NO_KEYS;
  let error: string | undefined;
  try {
    if (!hasMessage(text, start, end)) {
      return new ParsedFields(type, f.values, keys, "message has no data content");
    }
    let body = "";
    if (
      type === AUDIT_AVC || type === AUDIT_LOGIN || type === AUDIT_CRED_DISP ||
      type === AUDIT_USER_START || type === AUDIT_USER_END || type === AUDIT_USER_AVC
    ) {
      body = text.slice(start, end);
      const normalized = normalizeBody(type, body);
      if (normalized !== undefined) body = normalized;
      extractFields(body, 0, body.length, f);
    } else {
      extractFields(text, start, end, f);
      if (type === AUDIT_EXECVE) body = text.slice(start, end);
    }
    const enriched = enrichFields(type, f, body);
    if (enriched.keys !== undefined) keys = enriched.keys;
    error = enriched.error;
    if (f.warning !== undefined) error = error === undefined ? f.warning : `${error}; ${f.warning}`;
  } catch (e) {
    // A bug must not take the caller down: report it on the message.
    error = `internal error: ${e instanceof Error ? e.message : String(e)}`;
  }
  return new ParsedFields(type, f.values, keys, error);
}

const lowerCaseNames = new Map<number, string>();

/** The record type's name in lower case, as go-libaudit stores it. */
function lowerCaseName(type: number): string {
  let name = lowerCaseNames.get(type);
  if (name === undefined) {
    name = recordTypeName(type).toLowerCase();
    if (lowerCaseNames.size < 4096) lowerCaseNames.set(type, name);
  }
  return name;
}

const quotedNames = new Map<number, string>();

/** {@linkcode lowerCaseName} as a JSON string. */
function quotedName(type: number): string {
  let quoted = quotedNames.get(type);
  if (quoted === undefined) {
    quoted = JSON.stringify(lowerCaseName(type));
    if (quotedNames.size < 4096) quotedNames.set(type, quoted);
  }
  return quoted;
}

/**
 * One message as a JSON Lines record of its stored shape:
 * `JSON.stringify(message.toJSON()) + "\n"`, faster for the messages
 * `parseLogLine` and `parseMessage` make.
 */
export function storedJsonLine(message: AuditMessage): string {
  return message instanceof Message
    ? message.toJSONLine()
    : JSON.stringify(message.toJSON()) + "\n";
}

/** go-libaudit needs a space or colon after the header's `)`. */
function hasMessage(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 58) return true;
  }
  return false;
}
