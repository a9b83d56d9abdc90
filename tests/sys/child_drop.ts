// Run by privileges_test.ts: drops to the user named in argv and prints what
// the kernel then reports for this process, as JSON.
import { currentCapabilities, dropPrivileges } from "../../sys/privileges.ts";
import type { CapabilityName } from "../../sys/capabilities.ts";

const [uid, gid, groups, keep, rootPid] = Deno.args;
const after = dropPrivileges(
  { uid: Number(uid), gid: Number(gid), groups: groups ? groups.split(",").map(Number) : [] },
  (keep ? keep.split(",") : []) as CapabilityName[],
);
const status = Deno.readTextFileSync("/proc/self/status");
const field = (name: string) =>
  status.match(new RegExp(`^${name}:[ \\t]*([^\\n]*)$`, "m"))?.[1]?.trim() ?? "";
let exe: string;
try {
  exe = Deno.readLinkSync(`/proc/${rootPid}/exe`);
} catch (e) {
  exe = `error: ${(e as Error).name}`;
}
let regained: string;
try {
  dropPrivileges({ uid: 0, gid: 0, groups: [] }, []);
  regained = "yes";
} catch (e) {
  regained = (e as Error).message;
}
console.log(JSON.stringify({
  after,
  now: currentCapabilities(),
  uid: field("Uid"),
  gid: field("Gid"),
  groups: field("Groups"),
  capEff: field("CapEff"),
  capPrm: field("CapPrm"),
  noNewPrivs: field("NoNewPrivs"),
  exe,
  regained,
}));
