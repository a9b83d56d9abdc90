/**
 * Typed errors of the netlink client. {@linkcode NetlinkError} is a
 * `SysError` (from `sys/errors.ts`, whose `check` turns C return codes into
 * errors for every FFI module) with the audit meaning of common errnos.
 *
 * @module
 */
import { SysError } from "../sys/errors.ts";
import { ERRNO } from "./constants.ts";

/** What an errno means for an audit netlink operation, when there is something to add. */
function hintFor(code: number): string | undefined {
  switch (code) {
    case ERRNO.EPERM:
      return "needs root or CAP_AUDIT_CONTROL (CAP_AUDIT_READ for multicast)";
    case ERRNO.ECONNREFUSED:
      return "another audit daemon holds the audit pid";
    case ERRNO.EPROTONOSUPPORT:
      return "the kernel has no audit support (CONFIG_AUDIT)";
    default:
      return undefined;
  }
}

/** A failed netlink operation: a syscall or a kernel reply carrying an errno. */
export class NetlinkError extends SysError {
  /** Creates the error; `detail` replaces the generic errno explanation when given. */
  constructor(operation: string, errno: number, detail?: string, options?: ErrorOptions) {
    super(operation, errno, detail ?? hintFor(errno), options);
    this.name = "NetlinkError";
  }
}
