/**
 * auditd's ENRICHED log format for `libaudit stream --raw --raw-format
 * enriched`: the record's line, then `\x1d` and the interpretations of its
 * uid, gid, syscall, arch and sockaddr fields (`AUID="unset" UID="root"
 * ARCH=x86_64 SYSCALL=execve SADDR={ ... }`), as auditd 3.0.9 writes them;
 * a record without such fields has no tail. Optionally with a `node=`
 * prefix, as auditd writes with `name_format`.
 *
 * @module
 */
import { fieldType, interpretTyped } from "../../interpret/auparse/field.ts";
import type { NameResolver } from "../../interpret/auparse/types.ts";

/** The field types auditd's ENRICHED format interprets. */
const ENRICHED: ReadonlySet<string> = new Set(["UID", "GID", "SYSCALL", "ARCH", "SOCKADDR"]);

const FIELD = /([A-Za-z0-9_-]+)=("[^"]*"|'[^']*'|\S+)/g;

/**
 * The ENRICHED tail of a record (without the `\x1d`), or `""` when none of
 * its fields is interpreted. `body` is the text after `msg=audit(...): `.
 */
export function enrichedTail(recordType: number, body: string, resolver?: NameResolver): string {
  const fields: [string, string][] = [];
  collect(body, fields);
  const arch = fields.find(([name]) => name === "arch")?.[1];
  const syscall = fields.find(([name]) => name === "syscall")?.[1];
  const context = {
    ...(arch === undefined ? {} : { arch: Number.parseInt(arch, 16) }),
    ...(syscall === undefined || !/^\d+$/.test(syscall) ? {} : { syscall: Number(syscall) }),
    ...(resolver === undefined ? {} : { resolver }),
  };
  const parts: string[] = [];
  for (const [name, value] of fields) {
    const type = fieldType(recordType, name, value);
    if (!ENRICHED.has(type)) continue;
    const text = interpretTyped(type, name, value, context);
    const upper = name.toUpperCase();
    parts.push(type === "UID" || type === "GID" ? `${upper}="${text}"` : `${upper}=${text}`);
  }
  return parts.join(" ");
}

/** The fields of `text` in order; a `msg='...'` value's own fields are taken in its place. */
function collect(text: string, out: [string, string][]): void {
  for (const m of text.matchAll(FIELD)) {
    const [, name, value] = m as unknown as [string, string, string];
    if (value.startsWith("'")) collect(value.slice(1, -1), out);
    else out.push([name, value]);
  }
}

/**
 * A record as auditd logs it: `[node=NODE ]type=TYPE msg=PAYLOAD`, with the
 * ENRICHED tail when `enriched`.
 */
export function logLine(
  typeName: string,
  recordType: number,
  payload: string,
  options: { readonly node?: string; readonly enriched?: boolean; resolver?: NameResolver },
): string {
  let line = `${
    options.node === undefined ? "" : `node=${options.node} `
  }type=${typeName} msg=${payload}`;
  if (options.enriched) {
    const colon = payload.indexOf("): ");
    const tail = enrichedTail(
      recordType,
      colon === -1 ? "" : payload.slice(colon + 3),
      options.resolver,
    );
    if (tail !== "") line += "\x1d" + tail;
  }
  return line;
}
