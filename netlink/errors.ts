/**
 * Typed errors of the netlink client.
 *
 * @module
 */
import { ERRNO_NAMES } from "../parse/tables/errno.ts";
import { ERRNO } from "./constants.ts";

/** The symbolic name of an errno value, e.g. `EPERM`, or `E<number>` when unknown here. */
export function errnoName(code: number): string {
  return ERRNO_NAMES[code] ?? `E${code}`;
}

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
export class NetlinkError extends Error {
  /** The operation that failed, e.g. `AUDIT_SET pid` or `socket`. */
  readonly operation: string;
  /** The errno value (positive), or 0 when the failure has none (e.g. a timeout). */
  readonly errno: number;
  /** The errno name, e.g. `EPERM`. */
  readonly code: string;

  /** Creates the error; `detail` replaces the generic errno explanation when given. */
  constructor(operation: string, errno: number, detail?: string, options?: ErrorOptions) {
    const code = errno === 0 ? "" : errnoName(errno);
    const hint = detail ?? hintFor(errno);
    super(
      `${operation} failed${code ? `: ${code}` : ""}${hint ? ` (${hint})` : ""}`,
      options,
    );
    this.name = "NetlinkError";
    this.operation = operation;
    this.errno = errno;
    this.code = code;
  }
}
