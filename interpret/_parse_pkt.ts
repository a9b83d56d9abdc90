/**
 * ausearch-parse.c's `parse_pkt` (NETFILTER_PKT records), one copy for both
 * `libaudit search` and `libaudit report`.
 *
 * @module
 */
import { newAvc, type RecordParser } from "./_parse_items.ts";

/**
 * `parse_pkt`: reads `saddr=` then `obj=` (searched after it) from `m`.
 * Returns 0, or 1 when `saddr=` has no space after it.
 */
export const parsePkt: RecordParser = (m, s, w, k) => {
  let term = 0;
  if (w.hostname) {
    const str = m.indexOf("saddr=");
    if (str !== -1) {
      term = m.indexOf(" ", str + 6);
      if (term === -1) return 1;
      s.hostname = m.slice(str + 6, term);
    }
  }
  if (w.object) {
    const str = m.indexOf("obj=", term < 0 ? 0 : term);
    if (str !== -1) {
      const sp = m.indexOf(" ", str + 4);
      k.addAvc(s, newAvc(undefined, m.slice(str + 4, sp === -1 ? m.length : sp)));
    }
  }
  return 0;
};
