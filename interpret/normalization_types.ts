/**
 * The shape of one normalization rule: how events of some record types or
 * syscalls map to an action, object and ECS categorization.
 *
 * @module
 */

/** Where an ECS mapping reads its value from. */
export type EcsSource =
  | "subject.primary"
  | "subject.secondary"
  | "object.primary"
  | "object.secondary"
  | `data.${string}`
  | `uid.${string}`;

/** Which ECS user/group entity an ECS mapping writes. */
export type EcsTarget = "user" | "user.effective" | "user.target" | "user.changes" | "group";

/** One ECS field mapping of a normalization. */
export interface EcsMapping {
  /** The value's source. */
  readonly from: EcsSource;
  /** The ECS entity it is written to (as an id when numeric, else as a name). */
  readonly to: EcsTarget;
}

/** A normalization rule; list fields are tried in order, the first present wins. */
export interface Normalization {
  /** What happened, e.g. "opened-file". */
  readonly action: string;
  /** What kind of thing the object is, e.g. "file", "socket", "user-session". */
  readonly objectWhat: string;
  /** Which PATH record holds the object (0 unless stated). */
  readonly objectPathIndex: number;
  /** Fields naming the actor. */
  readonly subjectPrimary: readonly string[];
  /** Fields naming the actor's secondary identity. */
  readonly subjectSecondary: readonly string[];
  /** Fields naming the object. */
  readonly objectPrimary: readonly string[];
  /** Fields naming the object's secondary part. */
  readonly objectSecondary: readonly string[];
  /** Fields saying how the action was done. */
  readonly how: readonly string[];
  /** Fields holding the source IP. */
  readonly sourceIp: readonly string[];
  /** The rule applies only when all these fields are present (record-type rules). */
  readonly hasFields: readonly string[];
  /** Record type names the rule is for, e.g. "USER_LOGIN". */
  readonly recordTypes: readonly string[];
  /** Syscall names the rule is for ("*" is the catch-all). */
  readonly syscalls: readonly string[];
  /** ECS event kind, e.g. "alert" (empty when unset). */
  readonly ecsKind: string;
  /** ECS event categories. */
  readonly ecsCategory: readonly string[];
  /** ECS event types. */
  readonly ecsType: readonly string[];
  /** ECS user/group mappings. */
  readonly ecsMappings: readonly EcsMapping[];
}
