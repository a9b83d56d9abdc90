/**
 * The event stream of an {@linkcode AuditClient}, parsed by the parse
 * module. Kept apart from the client so the client has no dependency on it.
 *
 * @module
 */
import { type AuditMessage, parseMessage } from "../parse/mod.ts";
import type { AuditClient, MessagesOptions, RawAuditMessage } from "./client.ts";

/** Options of {@linkcode parsedMessages}. */
export interface ParsedMessagesOptions extends MessagesOptions {
  /**
   * Called with each record that `parseMessage` rejects; the stream goes on
   * and the client's loss counter counts it (`client.loss.parseErrors`).
   */
  readonly onParseError?: (error: Error, raw: RawAuditMessage) => void;
}

/**
 * `client.messages()`, each record parsed with `parseMessage`. Records that
 * fail to parse are counted on the client and passed to `onParseError`.
 *
 * @example
 * ```ts ignore
 * import { AuditClient, parsedMessages } from "@libaudit/libaudit/netlink";
 * const client = AuditClient.openMulticast();
 * for await (const m of parsedMessages(client)) {
 *   console.log(m.sequence, m.recordTypeName, m.data);
 * }
 * ```
 */
export async function* parsedMessages(
  client: AuditClient,
  options: ParsedMessagesOptions = {},
): AsyncGenerator<AuditMessage, void, void> {
  for await (const raw of client.messages(options)) {
    let parsed: AuditMessage;
    try {
      parsed = parseMessage(raw.type, raw.payload);
    } catch (e) {
      client.loss.countParseError();
      options.onParseError?.(e instanceof Error ? e : new Error(String(e)), raw);
      continue;
    }
    yield parsed;
  }
}
