/**
 * The data model of an audit rule.
 *
 * @module
 */

/** One field of a rule: `-F name OP value`, `-C a OP b`, a watch path, a key… */
export interface RuleField {
  /** Field number (`FIELD.uid`, `FIELD.filterkey`, …). */
  readonly field: number;
  /** Operator (`OP.equal`, …). */
  readonly op: number;
  /**
   * The value: a number (stored as the kernel's unsigned 32 bits, 0..2^32-1)
   * for numeric fields, the string for string fields (paths, keys, exe,
   * SELinux labels). Several keys are one string joined with `\x01`.
   */
  readonly value: number | string;
}

/** What a rule line asks for: `-a`/`-w` append, `-A` prepend, `-d`/`-W` delete. */
export type RuleOperation = "append" | "prepend" | "delete";

/** An audit rule in the shape of the kernel's `struct audit_rule_data`. */
export interface Rule {
  /** What the text asked the kernel to do with the rule. */
  readonly operation: RuleOperation;
  /** The filter list (`LIST.exit`, …), without the prepend flag. */
  readonly list: number;
  /** The action (`ACTION.always` or `ACTION.never`). */
  readonly action: number;
  /** The syscall bit mask: 64 unsigned 32-bit words. */
  readonly mask: readonly number[];
  /** The fields in the order the kernel gets them. */
  readonly fields: readonly RuleField[];
}

/** Host facts the parser needs; injected so `rule/` stays free of I/O. */
export interface RuleParseOptions {
  /**
   * The machine (`uname -m`: `x86_64`, `aarch64`, …) whose syscall table is
   * used when a rule has no `arch=` field before `-S`, and that `b32`/`b64`
   * refer to. Default `x86_64`.
   */
  readonly machine?: string;
  /** Resolves a user name to its uid (`auid=alice`); unknown names are errors without it. */
  readonly lookupUser?: (name: string) => number | undefined;
  /** Resolves a group name to its gid. */
  readonly lookupGroup?: (name: string) => number | undefined;
  /**
   * Whether a watched path is a directory: auditctl stats `-w PATH` and sends
   * `dir=` for directories, `path=` otherwise. Default: not a directory.
   */
  readonly isDirectory?: (path: string) => boolean;
  /** The kernel's feature bitmap (`FEATURE.*`); default: every feature. */
  readonly features?: number;
}

/** A control line of a rules file (anything that is not a rule). */
export type ControlLine =
  | { readonly kind: "delete_all"; readonly key?: string }
  | { readonly kind: "backlog_limit"; readonly value: number }
  | { readonly kind: "failure"; readonly value: number }
  | { readonly kind: "enabled"; readonly value: number }
  | { readonly kind: "rate_limit"; readonly value: number }
  | { readonly kind: "backlog_wait_time"; readonly value: number }
  | { readonly kind: "loginuid_immutable" }
  | { readonly kind: "reset_lost" }
  | { readonly kind: "continue_on_error" }
  | { readonly kind: "ignore_errors" }
  | { readonly kind: "list"; readonly key?: string }
  | { readonly kind: "status" };

/** One meaningful line of a rules file. */
export type RulesFileEntry =
  | { readonly kind: "rule"; readonly line: number; readonly text: string; readonly rule: Rule }
  | {
    readonly kind: "control";
    readonly line: number;
    readonly text: string;
    readonly control: ControlLine;
  };
