/**
 * What an `EPERM` from the kernel means when root gets it: the audit
 * configuration is immutable, or the feature is locked, until reboot.
 *
 * @module
 */
import { ERRNO } from "./constants.ts";
import { NetlinkError } from "./errors.ts";

/** Whether `e` is the kernel's EPERM. */
function isEperm(e: unknown): e is NetlinkError {
  return e instanceof NetlinkError && e.errno === ERRNO.EPERM;
}

/**
 * Throws `e`, or for an EPERM while the configuration is immutable
 * (`enabled()` reads 2) an error saying so.
 */
export async function explainImmutable(
  e: unknown,
  operation: string,
  enabled: () => Promise<number>,
): Promise<never> {
  if (isEperm(e)) {
    let now: number | undefined;
    try {
      now = await enabled();
    } catch {
      now = undefined;
    }
    if (now === 2) {
      throw new NetlinkError(
        operation,
        ERRNO.EPERM,
        "the audit configuration is immutable (enabled=2) until reboot",
        { cause: e },
      );
    }
  }
  throw e;
}

/** Throws `e`, or for an EPERM on a locked feature (`locked()` is true) an error saying so. */
export async function explainLockedFeature(
  e: unknown,
  operation: string,
  locked: () => Promise<boolean>,
): Promise<never> {
  if (isEperm(e)) {
    let isLocked = false;
    try {
      isLocked = await locked();
    } catch {
      // Without a readable feature set, the generic EPERM explanation stands.
    }
    if (isLocked) {
      throw new NetlinkError(operation, ERRNO.EPERM, "the feature is locked until reboot", {
        cause: e,
      });
    }
  }
  throw e;
}
