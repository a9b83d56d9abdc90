/**
 * The host's network interfaces by index (`if_indextoname`), for link-local
 * IPv6 scopes as `getnameinfo(NI_NUMERICHOST)` prints them (`fe80::1%lo`):
 * `report` and `search` (`-hn`, `-i`) inject it into the pure layers.
 *
 * @module
 */

/**
 * `if_indextoname` over /sys/class/net (read once, when first asked): the
 * interface of an index, for link-local IPv6 scopes as aureport prints them.
 */
export function interfaceNames(root = "/sys/class/net"): (index: number) => string | undefined {
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
