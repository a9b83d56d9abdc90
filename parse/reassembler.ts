/**
 * Event reassembly: records sharing an `audit(…:SEQ)` serial become one
 * event. {@link Reassembler} is the push API; {@link ReassemblyStream} and
 * {@link reassemble} are its stream forms.
 *
 * @module
 */

export * from "./reassembler_core.ts";
export type * from "./_reassembler_types.ts";
export { SequenceTracker, type SequenceTrackerOptions } from "./_sequence_tracker.ts";
export * from "./reassembler_stream.ts";
