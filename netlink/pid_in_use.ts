/**
 * {@linkcode AuditPidInUseError}: another process is the audit daemon,
 * named from `/proc/PID/comm` when readable.
 *
 * @module
 */
import { ERRNO } from "./constants.ts";
import { NetlinkError } from "./errors.ts";

/** Another process is the registered audit daemon. */
export class AuditPidInUseError extends NetlinkError {
  /** The pid holding the audit connection. */
  readonly holderPid: number;
  /** Its process name from /proc/PID/comm, when readable. */
  readonly holderName: string | undefined;
  /** Creates the error for `holderPid`. */
  constructor(holderPid: number, holderName: string | undefined) {
    super(
      "register as the audit daemon (AUDIT_SET pid)",
      ERRNO.EEXIST,
      `audit pid is held by pid ${holderPid}${
        holderName ? ` (${holderName})` : ""
      }; stop it or use --multicast to listen alongside it`,
    );
    this.name = "AuditPidInUseError";
    this.holderPid = holderPid;
    this.holderName = holderName;
  }

  /** The error for `holderPid` (0: unknown), its name read from `/proc/PID/comm`. */
  static forHolder(holderPid: number): AuditPidInUseError {
    return new AuditPidInUseError(holderPid, holderPid ? processName(holderPid) : undefined);
  }
}

function processName(pid: number): string | undefined {
  try {
    return Deno.readTextFileSync(`/proc/${pid}/comm`).trim();
  } catch {
    return undefined;
  }
}
