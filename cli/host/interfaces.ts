/**
 * The host's network interfaces by index (`if_indextoname`), for link-local
 * IPv6 scopes as `getnameinfo(NI_NUMERICHOST)` prints them (`fe80::1%lo`):
 * `report` and `search` (`-hn`, `-i`) inject it into the pure layers.
 *
 * @module
 */

const lookups = new Map<string, (index: number) => string | undefined>();

/**
 * `if_indextoname` over /sys/class/net: the interface of an index, for
 * link-local IPv6 scopes as aureport and ausearch print them. One lookup
 * per folder for the whole process, which reads it once, when first asked.
 */
export function interfaceNames(root = "/sys/class/net"): (index: number) => string | undefined {
  let lookup = lookups.get(root);
  if (lookup === undefined) lookups.set(root, lookup = readLazily(root));
  return lookup;
}

function readLazily(root: string): (index: number) => string | undefined {
  let table: Map<number, string> | undefined;
  return (index) => {
    if (table === undefined) {
      table = new Map();
      try {
        for (const e of Deno.readDirSync(root)) {
          try {
            const n = Number(Deno.readTextFileSync(`${root}/${e.name}/ifindex`).trim());
            if (Number.isInteger(n)) table.set(n, e.name);
          } catch {
            // not an interface, or gone
          }
        }
      } catch {
        // no /sys: scopes stay numbers
      }
    }
    return table.get(index);
  };
}
