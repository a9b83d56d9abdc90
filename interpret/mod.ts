/**
 * Placeholder: this entrypoint is being built.
 *
 * @module
 */

/** The name of this entrypoint. */
export const ENTRYPOINT: string = "interpret";
