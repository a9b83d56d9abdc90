/**
 * SHA-256 of executables for `process.hash.sha256`: the file is read and
 * hashed once per (device, inode, mtime, size), files over a size limit are
 * not hashed.
 *
 * @module
 */
import { TtlCache } from "../../interpret/ttl_cache.ts";

/** Hashes executables through a cache; returns `undefined` when it cannot. */
export class ExeHasher {
  readonly #maxSize: number;
  readonly #cache = new TtlCache<string, string>({ ttl: Infinity, maxEntries: 8192 });
  /** Files not hashed because they were over the size limit. */
  tooLarge = 0;

  /** Creates a hasher that skips files over `maxSize` bytes. */
  constructor(maxSize: number) {
    this.#maxSize = maxSize;
  }

  /** The hex SHA-256 of `path` (or of `/proc/PID/exe` when the path is gone), or `undefined`. */
  hash(path: string, pid?: number): string | undefined {
    let stat: Deno.FileInfo;
    let file = path;
    try {
      stat = Deno.statSync(file);
    } catch {
      if (pid === undefined) return undefined;
      file = `/proc/${pid}/exe`;
      try {
        stat = Deno.statSync(file);
      } catch {
        return undefined;
      }
    }
    if (!stat.isFile) return undefined;
    if (stat.size > this.#maxSize) {
      this.tooLarge++;
      return undefined;
    }
    const key = `${stat.dev}:${stat.ino}:${stat.mtime?.getTime()}:${stat.size}`;
    return this.#cache.get(key, () => {
      try {
        // Loaded on first use: importing node:crypto (or node:process) costs
        // every run tens of ms of start-up.
        const { createHash } = nodeProcess().getBuiltinModule("node:crypto");
        return createHash("sha256").update(Deno.readFileSync(file)).digest("hex");
      } catch {
        return undefined;
      }
    });
  }
}

/** Deno's `process` global (Node compatibility), loaded by Deno on first access. */
function nodeProcess(): {
  getBuiltinModule(id: "node:crypto"): typeof import("node:crypto");
} {
  return (globalThis as unknown as { process: ReturnType<typeof nodeProcess> }).process;
}
