/**
 * The checks in front of the settings that cannot be undone or that halt
 * the machine: immutable mode and locked features need the literal
 * `"until-reboot"`, failure mode 2 (panic) an explicit `allowPanic`.
 *
 * @module
 */

/** A `TypeError` unless `confirm` is the literal `"until-reboot"`. */
export function untilRebootError(confirm: string, method: string): TypeError | undefined {
  return confirm === "until-reboot"
    ? undefined
    : new TypeError(`${method} needs the argument "until-reboot"`);
}

/** A `RangeError` for a failure mode other than 0, 1, or 2 without `allowPanic`. */
export function failureModeError(mode: number, allowPanic: boolean): RangeError | undefined {
  if (mode === 2 && !allowPanic) {
    return new RangeError("failure mode 2 (panic) needs the explicit allowPanic option");
  }
  if (mode !== 0 && mode !== 1 && mode !== 2) {
    return new RangeError(`failure mode must be 0, 1 or 2, not ${mode}`);
  }
  return undefined;
}
