/**
 * `--user NAME` for `libaudit plugin` and `libaudit stream`: after opening
 * their inputs and outputs as root, they switch to NAME for good
 * (`setgroups`, `setresgid`, `setresuid` through `sys/`), keeping only the
 * capabilities that reading other processes' `/proc` entries needs
 * (CAP_DAC_READ_SEARCH, CAP_SYS_PTRACE) when a setting in
 * {@linkcode PROC_SETTINGS} is on, and none otherwise.
 *
 * Outputs stay open across the switch; rotating or reopening a file later
 * runs as NAME, so NAME must own the output directory.
 *
 * @module
 */
import type { CapabilityName } from "../../sys/capabilities.ts";
import { type CapabilitySets, dropPrivileges } from "../../sys/privileges.ts";
import { lookupUser, type SystemUser } from "../../sys/user.ts";
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

/**
 * Settings that make the process read other processes' `/proc` entries
 * (process context): while one of them is set, `--user` keeps
 * CAP_DAC_READ_SEARCH and CAP_SYS_PTRACE. Modules that add such settings
 * push their names here.
 */
export const PROC_SETTINGS: string[] = [];

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

/** Whether the settings `values` need `/proc` of other processes. */
export function needsProc(values: Readonly<Record<string, unknown>>): boolean {
  return PROC_SETTINGS.some((name) => {
    const v = values[name];
    return v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0);
  });
}

/** Switches to `user` for good; returns the capabilities kept. */
export function switchUser(user: SystemUser, proc: boolean): CapabilitySets {
  return dropPrivileges(user, proc ? PROC_CAPABILITIES : []);
}
