/**
 * `libaudit search -i`: ausearch's interpreted output, through the auparse
 * formatter once it is available.
 *
 * @module
 */
import type { SearchEvent, SearchOptions } from "../../interpret/search/mod.ts";

/** The `-i` formatter of an event. */
export function interpretedFormatter(
  options: SearchOptions,
): Promise<(event: SearchEvent) => string> {
  void options;
  return Promise.reject(new Error("-i (--format interpret) is not available yet"));
}
