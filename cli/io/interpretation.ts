/**
 * Interpreted events for the CLI: coalesces an event's records
 * (`interpret/`), adds process context when asked (`context_options.ts`),
 * resolves ids to names (through NSS with `--allow-ffi`, else from the
 * machine's passwd and group files), adds the host name for live streams,
 * and renders the one-line text summary (`formatEventText`, already escaped).
 *
 * @module
 */
// Direct modules, not interpret/mod.ts: the barrel would also load search,
// report and auparse in every parse worker (20-30 ms of its start).
import { addTargetIds } from "../../interpret/target_ids.ts";
import type { AuditEvent } from "../../interpret/event.ts";
import { coalesce } from "../../interpret/coalesce.ts";
import { formatEventText } from "../../interpret/text.ts";
import { type IdLookup, IdResolver, resolveIds } from "../../interpret/id_resolver.ts";
import type { ProcessContext } from "../../interpret/process_context.ts";
import { EventJsonCache } from "../../interpret/event_json_cache.ts";
import type { AuditMessage } from "../../parse/mod.ts";
import type { Interpreter } from "./printer.ts";
import { modifiedTime, readTextFileOrUndefined } from "../host/system.ts";
import { nssAvailable, NssIds } from "../host/nss_ids.ts";

/** What {@linkcode createInterpreter} adds beyond coalescing (see `context_options.ts`). */
export interface ContextSetup {
  /** Process context (parent, ancestry, labels, container…), when on. */
  readonly process: ProcessContext | undefined;
  /** Add `user.groups` (the subject uid's groups; needs NSS, i.e. `--allow-ffi`). */
  readonly userGroups: boolean;
}

/** Options of {@linkcode createInterpreter}. */
export interface InterpreterOptions {
  /** Fill user and group names (NSS with `--allow-ffi`, else /etc/passwd and /etc/group). */
  readonly resolveIds: boolean;
  /** Host name for events without `node=` (live streams). */
  readonly host?: string;
  /** The passwd-format file (default `/etc/passwd`); given, names come from the files. */
  readonly passwdPath?: string;
  /** The group-format file (default `/etc/group`); given, names come from the files. */
  readonly groupPath?: string;
  /** Process context and identity extras, see `context_options.ts`. */
  readonly context?: ContextSetup | undefined;
}

/** The Deno-backed file access the {@linkcode IdResolver} needs. */
const DENO_ID_FILES = {
  readFile: readTextFileOrUndefined,
  mtime: (path: string): number | undefined => {
    const t = modifiedTime(path);
    return t === 0 ? undefined : t;
  },
};

/**
 * The event JSON cache for an interpreter with `context` (its process
 * context goes into kept events; none with `user.groups`, which come from
 * the user database of each moment).
 */
export function eventJsonCache(context: ContextSetup | undefined): EventJsonCache | undefined {
  if (context?.userGroups) return undefined;
  return new EventJsonCache({ now: Date.now, context: context?.process });
}

/** Creates the interpreter used by `parse -i` and `stream -i`. */
export function createInterpreter(options: InterpreterOptions): Interpreter {
  // The resolver's clock (for re-reading changed files, expiring cached
  // lookups) is read once per event instead of on each of the ~20 id lookups
  // of an event (~3% of `parse -i`).
  let clock = Date.now();
  const files = options.passwdPath !== undefined || options.groupPath !== undefined;
  const nss = options.resolveIds && !files && nssAvailable() ? new NssIds(() => clock) : undefined;
  const resolver: IdLookup | undefined = !options.resolveIds ? undefined : nss ?? new IdResolver(
    DENO_ID_FILES,
    {
      ...(options.passwdPath === undefined ? {} : { passwdPath: options.passwdPath }),
      ...(options.groupPath === undefined ? {} : { groupPath: options.groupPath }),
      now: () => clock,
    },
  );
  const host = options.host;
  const context = options.context?.process;
  const userGroups = options.context?.userGroups === true ? nss : undefined;
  let last: readonly AuditMessage[] | undefined;
  let lastEvent: AuditEvent | undefined;
  const interpret = (records: AuditMessage[]): AuditEvent => {
    if (records === last) return lastEvent!;
    let event = coalesce(records);
    if (resolver !== undefined) {
      clock = Date.now();
      event = resolveIds(addTargetIds(event), resolver);
    }
    if (userGroups !== undefined) {
      const uid = event.user.ids?.uid;
      const groups = uid === undefined ? undefined : userGroups.groupsOf(uid);
      if (groups !== undefined) event.user.groups = groups;
    }
    if (host !== undefined && event.node === undefined && event.ecs.host === undefined) {
      event.ecs.host = { name: host };
    }
    // Last: what the context adds goes at the ends of `process` and of the
    // event, where the event JSON cache puts it back in.
    if (context !== undefined) event = context.apply(event, records[0]!.timestamp);
    last = records;
    lastEvent = event;
    return event;
  };
  return {
    toObject: interpret,
    toText: (records) => formatEventText(interpret(records)),
    ...(context === undefined ? {} : {
      observe: (records: AuditMessage[]): void => {
        try {
          context.observe(coalesce(records), records[0]!.timestamp);
        } catch {
          // An event that cannot be interpreted has no process facts to give.
        }
      },
    }),
  };
}
