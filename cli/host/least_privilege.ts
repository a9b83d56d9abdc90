/**
 * `--user NAME` for `libaudit plugin` and `libaudit stream`: after opening
 * their inputs and outputs as root, they switch to NAME for good
 * (`setgroups`, `setresgid`, `setresuid` through `sys/`), keeping only the
 * capabilities that reading other processes' `/proc` entries needs
 * (CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE) when one of
 * {@linkcode PROC_NEEDS} says the settings read `/proc`, and none otherwise.
 *
 * Outputs stay open across the switch; rotating or reopening a file later
 * runs as NAME, so NAME must own the output directory.
 *
 * @module
 */
import type { CapabilityName } from "../../sys/capabilities.ts";
import { type CapabilitySets, dropPrivileges } from "../../sys/privileges.ts";
import { lookupUser, type SystemUser } from "../../sys/nss.ts";
import { UsageError } from "../usage.ts";

/** The `--user` setting, for a subcommand's options. */
export const USER_OPTIONS = {
  user: {
    type: "string",
    value: "NAME",
    description: "After opening inputs and outputs as root, run as this user (owning the " +
      "output directory)",
  },
} as const;

/** Whether a subcommand's settings make it read other processes' `/proc` entries. */
export type ProcNeed = (values: Readonly<Record<string, unknown>>, live: boolean) => boolean;

/**
 * The tests of {@linkcode needsProc}: while one of them is true, `--user`
 * keeps CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE. Modules that add settings
 * reading `/proc` (process context) push a test here.
 */
export const PROC_NEEDS: ProcNeed[] = [];

/** The capabilities kept for `/proc` reading. */
const PROC_CAPABILITIES: readonly CapabilityName[] = ["CAP_DAC_READ_SEARCH", "CAP_SYS_PTRACE"];

/**
 * Looks up `--user NAME` before anything runs: an unknown user, or not
 * starting as root, is a {@linkcode UsageError}.
 */
export function resolveUser(name: string | undefined): SystemUser | undefined {
  if (name === undefined) return undefined;
  const user = lookupUser(name);
  if (user === undefined) throw new UsageError(`--user: unknown user '${name}'`);
  if (Deno.uid() !== 0) {
    throw new UsageError(`--user ${name} needs to start as root (uid is ${Deno.uid()})`);
  }
  return user;
}

/** Whether the settings `values` (of a `live` subcommand or not) need `/proc` of other processes. */
export function needsProc(values: Readonly<Record<string, unknown>>, live = true): boolean {
  return PROC_NEEDS.some((need) => need(values, live));
}

/**
 * Switches to `user` for good; returns the capabilities kept: `/proc`
 * reading ones when `proc`, and `extra` (e.g. CAP_AUDIT_CONTROL, which
 * `stream` needs to put the kernel's settings back at exit).
 */
export function switchUser(
  user: SystemUser,
  proc: boolean,
  extra: readonly CapabilityName[] = [],
): CapabilitySets {
  return dropPrivileges(user, [...(proc ? PROC_CAPABILITIES : []), ...extra]);
}
