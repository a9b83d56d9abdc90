/**
 * The machine-backed {@linkcode FilterContext} the filters use in the CLI.
 *
 * @module
 */
import { recordTypeNumber } from "../../parse/mod.ts";
import { SYSCALLS } from "../../parse/tables/syscalls.ts";
import type { FilterContext } from "./filters.ts";
import { bootTime, userId } from "../host/system.ts";

/** Users from `/etc/passwd`, record types and syscalls from `parse/`, the real clock. */
export function filterContext(): FilterContext {
  return {
    userId: (name) => userId(name),
    recordTypeNumber,
    now: Date.now,
    bootTime,
    syscallName: (arch, n) => SYSCALLS[arch]?.[n],
  };
}
