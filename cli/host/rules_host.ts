/**
 * What `libaudit rules` takes from this machine: the parser's host facts
 * (machine, user and group names, directories) and kernel error wording.
 *
 * @module
 */
import type { NetlinkError } from "../../netlink/mod.ts";
import type { RuleParseOptions } from "../../rule/mod.ts";
import { idFromDatabase, readTextFileOrUndefined, userId } from "./system.ts";

/** Host facts the rule parser needs, read from this machine. */
export function hostParseOptions(features?: number): RuleParseOptions {
  return {
    machine: Deno.build.arch,
    lookupUser: (name) => userId(name),
    lookupGroup: (name) => {
      const text = readTextFileOrUndefined("/etc/group");
      return text === undefined ? undefined : idFromDatabase(text, name);
    },
    isDirectory: (path) => {
      try {
        return Deno.statSync(path).isDirectory;
      } catch {
        return false;
      }
    },
    ...(features === undefined ? {} : { features }),
  };
}

/** A short explanation of a kernel refusal of a rule. */
export function kernelRefusal(e: NetlinkError, remove: boolean): string {
  if (e.code === "EEXIST") return "the rule exists already";
  if (e.code === "ENOENT" && remove) return "no rule matches";
  if (e.code === "EINVAL") {
    return "the kernel refused the rule (EINVAL: a field or value it does not support)";
  }
  return e.message;
}
