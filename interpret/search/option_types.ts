/**
 * What `libaudit search`'s command line gives (`parseSearchArgs` in
 * `options.ts`): the options, and the facts reading them needs.
 *
 * @module
 */
import type { EscapeMode } from "../auparse/types.ts";
import type { SearchCriteria } from "./criteria.ts";
import type { SearchTimeFacts } from "./time.ts";

/** ausearch's output formats. */
export type SearchFormat = "raw" | "default" | "interpret" | "csv" | "text";

/** Everything the command line asks for. */
export interface SearchOptions {
  /** What to look for. */
  readonly criteria: SearchCriteria;
  /** `--format`, `-r`, `-i`. */
  format: SearchFormat;
  /** `--escape` (default `tty`). */
  escape: EscapeMode;
  /** `-if`. */
  inputFile?: string;
  /** `--input-logs`. */
  inputLogs: boolean;
  /** `--just-one`. */
  justOne: boolean;
  /** `-l`. */
  lineBuffered: boolean;
  /** `--debug`. */
  debug: boolean;
  /** `--checkpoint FILE`. */
  checkpoint?: string;
  /** `-ts checkpoint`. */
  startFromCheckpoint: boolean;
  /** `--eoe-timeout`. */
  eoeTimeout?: number;
  /** `--extra-keys`, `--extra-labels`, `--extra-obj2`, `--extra-time`. */
  extraKeys: boolean;
  /** `--extra-labels`. */
  extraLabels: boolean;
  /** `--extra-obj2`. */
  extraObj2: boolean;
  /** `--extra-time`. */
  extraTime: boolean;
  /** `-h`: print the usage. */
  help: boolean;
  /** `-v`: print the version. */
  version: boolean;
}

/** Facts the options need: the clock, the machine, the user database. */
export interface SearchOptionFacts extends SearchTimeFacts {
  /** `uname -m` (for `-sc NAME` and `--arch b64`). */
  readonly machine: string;
  /** A user's uid by name (`getpwnam`). */
  readonly userId?: (name: string) => number | undefined;
  /** A group's gid by name (`getgrnam`). */
  readonly groupId?: (name: string) => number | undefined;
}
