/**
 * Target identities of account-management events: the `id=` of ADD_USER,
 * DEL_USER, USER_MGMT, ACCT_LOCK… names the account acted on, and that of
 * ADD_GROUP, DEL_GROUP, GRP_MGMT… the group. go-libaudit's ECS mapping fills
 * `user.target` for a few of these types only; this fills `ecs.user.target`
 * (user accounts) or `ecs.group` (groups) when the mapping left them empty,
 * so that {@linkcode resolveIds} can name them (`id=65534` → `nobody`, as
 * `ausearch -i` prints it). Pure.
 *
 * @module
 */
import type { AuditEvent } from "./event.ts";
import { getField } from "./fields.ts";

const USER_TYPES: ReadonlySet<string> = new Set([
  "add_user",
  "del_user",
  "user_mgmt",
  "acct_lock",
  "acct_unlock",
  "user_chauthtok",
  "chuser_id",
]);
const GROUP_TYPES: ReadonlySet<string> = new Set([
  "add_group",
  "del_group",
  "grp_mgmt",
  "grp_chauthtok",
]);
const ID = /^\d{1,10}$/;

/**
 * Fills the target user (or group) of an account-management event from its
 * `id=` when the ECS mapping left it empty; changes and returns `event`.
 *
 * @example
 * ```ts
 * import { addTargetIds, coalesce } from "@libaudit/libaudit/interpret";
 * import { parseLogLine } from "@libaudit/libaudit/parse";
 * import assert from "node:assert/strict";
 * const event = addTargetIds(coalesce([parseLogLine(
 *   "type=ACCT_LOCK msg=audit(1.000:5): pid=1 uid=0 auid=0 ses=1 msg='op=locked-password id=65534 exe=\"/usr/sbin/usermod\" res=success'",
 * )]));
 * assert.deepEqual(event.ecs.user.target, { id: "65534" });
 * ```
 */
export function addTargetIds(event: AuditEvent): AuditEvent {
  const type = event.record_type;
  const user = USER_TYPES.has(type);
  if (!user && !GROUP_TYPES.has(type)) return event;
  const data = event.data;
  const id = data === undefined ? undefined : getField(data, "id");
  if (id === undefined || !ID.test(id) || id === "4294967295") return event;
  const entity = user ? event.ecs.user.target : event.ecs.group;
  if (entity.id === undefined && entity.name === undefined) entity.id = id;
  return event;
}
