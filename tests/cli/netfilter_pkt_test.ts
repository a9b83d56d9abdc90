/**
 * NETFILTER_PKT records (ausearch-parse.c `parse_pkt`) read by the one copy
 * search and report share (interpret/_parse_pkt.ts): `saddr=` as host, then
 * `obj=` searched after it, a `saddr=` at the end of the line malformed.
 */
import { compareWithOracles } from "./parse_port_oracles.ts";

const LOG = new URL("./testdata/netfilter_pkt.log", import.meta.url).pathname;

compareWithOracles(
  "NETFILTER_PKT",
  LOG,
  [
    ["-m", "NETFILTER_PKT"],
    ["-hn", "10.0.0.1"],
    ["-hn", "10.0.0.5"],
    ["-hn", "10.0.0.9"],
    ["-o", "system_u:object_r:foo_t:s0"],
    ["-o", "unconfined_u:object_r:x_t:s0"],
    ["-o", "unconfined_u:object_r:y_t:s0"],
  ],
  [[], ["-h"], ["-h", "--summary"], ["-e"], ["-h", "-i"]],
);
