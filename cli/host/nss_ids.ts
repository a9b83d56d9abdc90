/**
 * User and group names from the system's user database through NSS
 * (`sys/nss.ts`, needs `--allow-ffi`), cached with expiry; failures are
 * cached too, and counted. Without FFI the CLI falls back to the passwd and
 * group files (`IdResolver`).
 *
 * @module
 */
import type { IdLookup } from "../../interpret/id_resolver.ts";
import { DEFAULT_TTL_MS, TtlCache } from "../../interpret/ttl_cache.ts";
import { groupIdByName, groupNameById, groupsOf, userByName, userNameById } from "../../sys/nss.ts";

const ID = /^\d{1,10}$/;

/** NSS lookups through a {@linkcode TtlCache} per direction. */
export class NssIds implements IdLookup {
  readonly #users: TtlCache<string, string>;
  readonly #uids: TtlCache<string, string>;
  readonly #groups: TtlCache<string, string>;
  readonly #gids: TtlCache<string, string>;
  readonly #lists: TtlCache<string, string[]>;
  /** Lookups that failed with an error (not "no such id"), remembered like misses. */
  errors = 0;

  /** Creates the lookups; entries live `ttl` ms on the clock `now`. */
  constructor(now: () => number, ttl: number = DEFAULT_TTL_MS) {
    const options = { ttl, now, maxEntries: 8192 };
    this.#users = new TtlCache(options);
    this.#uids = new TtlCache(options);
    this.#groups = new TtlCache(options);
    this.#gids = new TtlCache(options);
    this.#lists = new TtlCache(options);
  }

  #safe<T>(f: () => T | undefined): T | undefined {
    try {
      return f();
    } catch {
      this.errors++;
      return undefined;
    }
  }

  /** The user name of a uid. */
  userName(uid: string): string | undefined {
    return this.#users.get(
      uid,
      () => ID.test(uid) ? this.#safe(() => userNameById(Number(uid))) : undefined,
    );
  }

  /** The uid of a user name. */
  userId(name: string): string | undefined {
    return this.#uids.get(name, () => this.#safe(() => userByName(name)?.uid.toString()));
  }

  /** The group name of a gid. */
  groupName(gid: string): string | undefined {
    return this.#groups.get(
      gid,
      () => ID.test(gid) ? this.#safe(() => groupNameById(Number(gid))) : undefined,
    );
  }

  /** The gid of a group name. */
  groupId(name: string): string | undefined {
    return this.#gids.get(name, () => this.#safe(() => groupIdByName(name)?.toString()));
  }

  /** The names of every group user `uid` is in, or `undefined`. */
  groupsOf(uid: string): string[] | undefined {
    return this.#lists.get(uid, () =>
      this.#safe(() => {
        const name = this.userName(uid);
        const user = name === undefined ? undefined : userByName(name);
        if (name === undefined || user === undefined) return undefined;
        return groupsOf(name, user.gid).map((g) => this.groupName(String(g)) ?? String(g));
      }));
  }
}

/** Whether NSS lookups work here (FFI granted and libc loads). */
export function nssAvailable(): boolean {
  try {
    if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") return false;
    userNameById(0);
    return true;
  } catch {
    return false;
  }
}
