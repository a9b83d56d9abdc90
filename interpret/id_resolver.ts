/**
 * User and group id ⇄ name resolution from passwd- and group-format files,
 * through a cache that re-reads a file when it changes. File access is
 * injected (this module does no I/O of its own).
 *
 * @module
 */

import type { AuditEvent, EcsEntityData } from "./event.ts";
import { getField, setField } from "./fields.ts";

/** How the resolver reads files; supplied by the caller (e.g. with `Deno.*`). */
export interface IdFileSource {
  /** The file's text, or `undefined` when it is missing or unreadable. */
  readFile(path: string): string | undefined;
  /**
   * A marker that changes when the file changes (its mtime in ms, say), or
   * `undefined` when the file is missing or unreadable.
   */
  mtime(path: string): number | undefined;
}

/** Options of an {@link IdResolver}. */
export interface IdResolverOptions {
  /** The passwd-format file. Default `/etc/passwd`. */
  passwdPath?: string;
  /** The group-format file. Default `/etc/group`. */
  groupPath?: string;
  /** ms between checks whether a file changed. Default 1000; 0 checks on every lookup. */
  recheckInterval?: number;
  /** The clock for `recheckInterval` (injectable for tests). Default `Date.now`. */
  now?: () => number;
}

/**
 * Id ⇄ name lookups, as {@linkcode resolveIds} uses them: {@linkcode IdResolver}
 * (passwd and group files), or the system's user database (the CLI's NSS
 * lookups with `--allow-ffi`).
 */
export interface IdLookup {
  /** The user name of a uid, if known. */
  userName(uid: string): string | undefined;
  /** The uid of a user name, if known. */
  userId(name: string): string | undefined;
  /** The group name of a gid, if known. */
  groupName(gid: string): string | undefined;
  /** The gid of a group name, if known. */
  groupId(name: string): string | undefined;
}

/** One id file's two indexes. */
export interface IdTable {
  /** id → name (the first entry of an id wins). */
  readonly byId: Map<string, string>;
  /** name → id (the first entry of a name wins). */
  readonly byName: Map<string, string>;
}

const EMPTY: IdTable = { byId: new Map(), byName: new Map() };

/**
 * Parses passwd- or group-format text (`name:password:id:…`) into id → name
 * and name → id maps; the first entry of an id or name wins, as with
 * getpwuid(3). Malformed lines and comments are skipped.
 */
export function parseIdFile(text: string): IdTable {
  const byId = new Map<string, string>();
  const byName = new Map<string, string>();
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const c1 = text.indexOf(":", start);
    const c2 = c1 < 0 || c1 >= end ? -1 : text.indexOf(":", c1 + 1);
    const c3 = c2 < 0 || c2 >= end ? -1 : text.indexOf(":", c2 + 1);
    const idEnd = c3 < 0 || c3 > end ? end : c3;
    if (c2 >= 0 && c2 < end && c1 > start && text.charCodeAt(start) !== 35 /* # */) {
      const name = text.slice(start, c1);
      const id = text.slice(c2 + 1, idEnd).trim();
      if (/^\d{1,10}$/.test(id)) {
        if (!byId.has(id)) byId.set(id, name);
        if (!byName.has(name)) byName.set(name, id);
      }
    }
    start = end + 1;
  }
  return { byId, byName };
}

/** A cached id file, re-read when its change marker differs. */
class CachedIdFile {
  readonly #files: IdFileSource;
  readonly #path: string;
  readonly #interval: number;
  readonly #now: () => number;
  #checkedAt = -Infinity;
  #marker: number | undefined = undefined;
  #loaded = false;
  #table: IdTable = EMPTY;

  constructor(files: IdFileSource, path: string, interval: number, now: () => number) {
    this.#files = files;
    this.#path = path;
    this.#interval = interval;
    this.#now = now;
  }

  get table(): IdTable {
    const now = this.#now();
    if (now - this.#checkedAt < this.#interval && this.#loaded) return this.#table;
    this.#checkedAt = now;
    let marker: number | undefined;
    try {
      marker = this.#files.mtime(this.#path);
    } catch {
      marker = undefined;
    }
    if (this.#loaded && marker === this.#marker) return this.#table;
    this.#loaded = true;
    this.#marker = marker;
    let text: string | undefined;
    try {
      text = marker === undefined ? undefined : this.#files.readFile(this.#path);
    } catch {
      text = undefined;
    }
    this.#table = text === undefined ? EMPTY : parseIdFile(text);
    return this.#table;
  }
}

/**
 * Resolves user and group ids to names and back, from `/etc/passwd` and
 * `/etc/group` (or other files), re-reading a file when its change marker
 * differs (checked at most every `recheckInterval` ms). A missing or
 * unreadable file resolves nothing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { IdResolver } from "@libaudit/libaudit/interpret";
 * const resolver = new IdResolver({
 *   readFile: (path) => { try { return Deno.readTextFileSync(path); } catch { return undefined; } },
 *   mtime: (path) => { try { return Deno.statSync(path).mtime?.getTime() ?? 0; } catch { return undefined; } },
 * });
 * assert.equal(resolver.userName("0"), "root");
 * ```
 */
export class IdResolver implements IdLookup {
  readonly #users: CachedIdFile;
  readonly #groups: CachedIdFile;

  /** Creates a resolver reading through `files`. */
  constructor(files: IdFileSource, options: IdResolverOptions = {}) {
    const interval = options.recheckInterval ?? 1000;
    const now = options.now ?? Date.now;
    this.#users = new CachedIdFile(files, options.passwdPath ?? "/etc/passwd", interval, now);
    this.#groups = new CachedIdFile(files, options.groupPath ?? "/etc/group", interval, now);
  }

  /** The user name of a uid, if known. */
  userName(uid: string): string | undefined {
    return this.#users.table.byId.get(uid);
  }

  /** The uid of a user name, if known. */
  userId(name: string): string | undefined {
    return this.#users.table.byName.get(name);
  }

  /** The group name of a gid, if known. */
  groupName(gid: string): string | undefined {
    return this.#groups.table.byId.get(gid);
  }

  /** The gid of a group name, if known. */
  groupId(name: string): string | undefined {
    return this.#groups.table.byName.get(name);
  }
}

/**
 * Fills a user (`"uid"`) or group (`"gid"`) entity's missing name (from its
 * id) or id (from its name).
 */
function lookupEntity(
  entity: EcsEntityData,
  event: AuditEvent,
  resolver: IdLookup,
  kind: "uid" | "gid",
): void {
  const { id, name } = entity;
  if ((id === undefined) === (name === undefined)) return;
  const user = kind === "uid";
  if (id !== undefined) {
    const found = ownName(event, id, kind) ??
      (user ? resolver.userName(id) : resolver.groupName(id));
    if (found !== undefined) entity.name = found;
  } else if (name !== undefined) {
    const found = user ? resolver.userId(name) : resolver.groupId(name);
    if (found !== undefined) entity.id = found;
  }
}

/** A name the event itself carries (ENRICHED logs) for a uid or gid. */
function ownName(event: AuditEvent, id: string, suffix: "uid" | "gid"): string | undefined {
  const { ids, names } = event.user;
  if (ids === undefined || names === undefined) return undefined;
  for (const key in names) {
    if (key.endsWith(suffix) && getField(ids, key) === id) return getField(names, key);
  }
  return undefined;
}

/**
 * Fills names from ids in an event, as go-libaudit's `ResolveIDs`: the
 * actor's ids become names, `user.names` gets a name for each `*uid` and
 * `*gid` id, `file.owner`/`file.group` are set, and the ECS user and group
 * entities get their missing name or id. Names the event already carries
 * (from an ENRICHED log, recorded on the event's machine) are kept and
 * preferred; ids that do not resolve stay as they are. Changes and returns
 * `event`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { coalesce, IdResolver, resolveIds } from "@libaudit/libaudit/interpret";
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 * const files = { readFile: () => "root:x:0:0::/root:/bin/sh\n", mtime: () => 1 };
 * const event = resolveIds(
 *   coalesce([parseLogLine("type=USER_CMD msg=audit(1.000:1): pid=1 uid=0 auid=0 msg='cmd=6C73 res=success'")]),
 *   new IdResolver(files),
 * );
 * assert.deepEqual(event.user.names, { auid: "root", uid: "root" });
 * ```
 */
export function resolveIds(event: AuditEvent, resolver: IdLookup): AuditEvent {
  const actor = event.summary.actor;
  const primary = actor.primary;
  if (primary !== undefined) {
    actor.primary = ownName(event, primary, "uid") ?? resolver.userName(primary) ?? primary;
  }
  const secondary = actor.secondary;
  if (secondary !== undefined) {
    actor.secondary = ownName(event, secondary, "uid") ?? resolver.userName(secondary) ??
      secondary;
  }

  const ids = event.user.ids;
  if (ids !== undefined) {
    const own = event.user.names;
    let names: Record<string, string> | undefined;
    let added = false;
    for (const key in ids) {
      const id = getField(ids, key);
      if (id === undefined) continue;
      let name = own === undefined ? undefined : getField(own, key);
      if (name === undefined) {
        name = key.endsWith("uid")
          ? resolver.userName(id)
          : key.endsWith("gid")
          ? resolver.groupName(id)
          : undefined;
        if (name !== undefined) added = true;
      }
      if (name !== undefined) setField(names ??= {}, key, name);
    }
    if (added && names !== undefined) {
      // Keep go-libaudit's key order: ids, names, selinux.
      const { selinux } = event.user;
      event.user = selinux === undefined ? { ids, names } : { ids, names, selinux };
    }
  }

  const file = event.file;
  if (file !== undefined) {
    if (file.uid && file.owner === undefined) {
      const owner = resolver.userName(file.uid);
      if (owner !== undefined) file.owner = owner;
    }
    if (file.gid && file.group === undefined) {
      const group = resolver.groupName(file.gid);
      if (group !== undefined) file.group = group;
    }
  }

  const user = event.ecs.user;
  lookupEntity(user, event, resolver, "uid");
  lookupEntity(user.effective, event, resolver, "uid");
  lookupEntity(user.target, event, resolver, "uid");
  lookupEntity(user.changes, event, resolver, "uid");
  lookupEntity(event.ecs.group, event, resolver, "gid");
  return event;
}
