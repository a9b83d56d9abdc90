/**
 * The totals an aureport run keeps while it reads: the summary's counts, the
 * tallies of names the summaries rank, and what was read and skipped.
 *
 * @module
 */
import type { NumberTally, StringTally } from "./_tally.ts";

/** The summary report's totals (`summary_data`). */
export interface SummaryCounts {
  /** Configuration changes. */
  changes: number;
  /** Changes to accounts, groups or roles. */
  acctChanges: number;
  /** Logins. */
  goodLogins: number;
  /** Failed logins. */
  badLogins: number;
  /** Authentications. */
  goodAuth: number;
  /** Failed authentications. */
  badAuth: number;
  /** AVC events. */
  avcs: number;
  /** MAC events. */
  mac: number;
  /** Failed syscalls. */
  failedSyscalls: number;
  /** Anomaly events. */
  anomalies: number;
  /** Responses to anomalies. */
  responses: number;
  /** Crypto events. */
  crypto: number;
  /** Integrity events. */
  integrity: number;
  /** Virtualization events. */
  virt: number;
  /** Events. */
  events: number;
}

/** The tallies aureport keeps while it reads. */
export interface Tallies {
  /** Login uids (or names). */
  readonly users: StringTally;
  /** Terminals. */
  readonly terms: StringTally;
  /** Files. */
  readonly files: StringTally;
  /** Host names. */
  readonly hosts: StringTally;
  /** Executables. */
  readonly exes: StringTally;
  /** Commands. */
  readonly comms: StringTally;
  /** AVC target contexts. */
  readonly avcObjs: StringTally;
  /** Rule keys. */
  readonly keys: StringTally;
  /** Syscalls. */
  readonly syscalls: StringTally;
  /** Process ids. */
  readonly pids: NumberTally;
  /** Record types of the events. */
  readonly types: NumberTally;
}

/** Counts of what a run read and skipped, for warnings. */
export interface RunCounts {
  /** Events in the selected time range. */
  events: number;
  /** Events aureport skips as malformed (a record its parser rejects). */
  malformed: number;
}
