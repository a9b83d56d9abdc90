/**
 * The one place where a C return code becomes an error: {@linkcode check}
 * (as sqlite3's `unwrap`) throws a {@linkcode SysError} carrying the errno,
 * its name and the operation. `netlink/` uses it too, with its subclass
 * `NetlinkError`.
 *
 * @module
 */
import { ERRNO_NAMES } from "../parse/tables/errno.ts";
import { errno } from "./dlopen.ts";

/** The symbolic name of an errno value, e.g. `EPERM`, or `E<number>` when unknown here. */
export function errnoLabel(code: number): string {
  return ERRNO_NAMES[code] ?? `E${code}`;
}

/** A failed C library call or kernel operation, carrying its errno. */
export class SysError extends Error {
  /** The operation that failed, e.g. `open /var/log/x` or `AUDIT_SET pid`. */
  readonly operation: string;
  /** The errno value (positive), or 0 when the failure has none (e.g. a timeout). */
  readonly errno: number;
  /** The errno name, e.g. `EPERM` ("" when `errno` is 0). */
  readonly code: string;

  /** Creates the error; `detail`, when given, is added in parentheses. */
  constructor(operation: string, errno: number, detail?: string, options?: ErrorOptions) {
    const code = errno === 0 ? "" : errnoLabel(errno);
    super(`${operation} failed${code ? `: ${code}` : ""}${detail ? ` (${detail})` : ""}`, options);
    this.name = "SysError";
    this.operation = operation;
    this.errno = errno;
    this.code = code;
  }
}

/** A {@linkcode SysError} subclass constructor, e.g. `NetlinkError`. */
export type SysErrorClass = new (operation: string, errno: number) => SysError;

/**
 * Returns `rc` when it is not negative; otherwise reads `errno` at once and
 * throws `new ErrorClass(operation, errno)` (a {@linkcode SysError} by default).
 * Call it directly on the C call's result, in the same synchronous turn.
 *
 * @example
 * ```ts ignore
 * const fd = check(libc.open(path, flags, 0o600), `open ${path}`);
 * ```
 */
export function check<T extends number | bigint>(
  rc: T,
  operation: string,
  ErrorClass: SysErrorClass = SysError,
): T {
  if (rc >= 0) return rc;
  throw new ErrorClass(operation, errno());
}
