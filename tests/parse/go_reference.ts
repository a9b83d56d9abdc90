// go-libaudit's field extraction, literally, as a test oracle.
import { parseMessage } from "../../parse/mod.ts";

/**
 * go-libaudit's `extractKeyValuePairs` with its regular expression. A
 * backtracking regexp has the same leftmost-first semantics as Go's; Go's
 * `\s` is `[\t\n\f\r ]`.
 */
export function goExtract(msg: string, out: Record<string, string> = {}): Record<string, string> {
  const re = /([a-z0-9_-]+)=((?:[^"'\t\n\f\r ]+)|'(?:\\'|[^'])*'|"(?:\\"|[^"])*")/g;
  for (const m of msg.matchAll(re)) {
    const key = m[1]!;
    const value = m[2]!.replace(/^['" ]+|['" ]+$/g, "");
    if (value === "" || value === "?" || value === "?," || value === "(null)") continue;
    if (key === "msg") goExtract(value, out);
    else out[key] = value;
  }
  return out;
}

/** Fields that generic enrichment changes; left out of comparisons. */
const ENRICHED = [
  "success",
  "res",
  "key",
  "subj",
  "auid",
  "old-auid",
  "ses",
  "exit",
  "cwd",
  "result",
];

/**
 * Our fields and go-libaudit's extracted fields for a record body, both
 * without what generic enrichment changes (parsed as CONFIG_CHANGE, a type
 * without record-specific rules), sorted for comparison.
 */
export function compareExtraction(body: string): { ours: string; go: string } {
  const ours: Record<string, string> = { ...parseMessage(1305, `audit(1.000:1): ${body}`).data };
  const go = goExtract(body.trim());
  for (const key of ENRICHED) {
    delete ours[key];
    delete go[key];
  }
  for (const key of Object.keys(ours)) if (key.startsWith("subj_")) delete ours[key];
  const sorted = (o: Record<string, string>) => JSON.stringify(Object.entries(o).sort());
  return { ours: sorted(ours), go: sorted(go) };
}
