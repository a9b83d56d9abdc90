/**
 * The `file` object of a file event, from the PATH record the normalization
 * names (go-libaudit's `setFileObject`, with its faults fixed: older kernels'
 * `objtype`, and the type from the mode's S_IFMT bits).
 *
 * Module-private.
 *
 * @module
 */

import type { FileInfo } from "./event.ts";
import { getField, setField } from "./fields.ts";
import { warn, type Work } from "./_work.ts";

/** File type names from the S_IFMT bits of a mode. */
function fileType(mode: number): string | undefined {
  switch (mode & 0o170000) {
    case 0o100000:
      return "file";
    case 0o040000:
      return "directory";
    case 0o020000:
      return "character-device";
    case 0o060000:
      return "block-device";
    case 0o010000:
      return "named-pipe";
    case 0o120000:
      return "symlink";
    case 0o140000:
      return "socket";
  }
  return undefined;
}

/** The PATH record's name type; older kernels call the field `objtype`. */
function nameType(path: Readonly<Record<string, string>>): string | undefined {
  return getField(path, "nametype") ?? getField(path, "objtype");
}

/**
 * Sets `work.file` (and the object's name and type) from the PATH record at
 * `hint`, or the first one after it that is not a PARENT or UNKNOWN entry.
 * `work.paths` must be set.
 */
export function setFileObject(work: Work, hint: number): void {
  const paths = work.paths!;
  let index = paths.length > hint ? hint : 0;
  for (let i = index; i < paths.length; i++) {
    // Skip PARENT and UNKNOWN entries in case the index hint was wrong.
    const type = nameType(paths[i]!);
    if (type !== "PARENT" && type !== "UNKNOWN") {
      index = i;
      break;
    }
  }
  const path = paths[index]!;
  const names = work.pathNames?.[index];
  const file: FileInfo = {};
  work.file = file;
  const name = getField(path, "name");
  if (name !== undefined) {
    work.objectPrimary = name;
    file.path = name;
  }
  const device = getField(path, "rdev");
  if (device !== undefined) file.device = device;
  const inode = getField(path, "inode");
  if (inode !== undefined) file.inode = inode;
  const modeText = getField(path, "mode");
  if (modeText !== undefined) {
    if (!/^[0-7]{1,22}$/.test(modeText)) {
      warn(work, `failed to set file object: failed to parse file mode: ${modeText}`);
    } else {
      const mode = parseInt(modeText.slice(-7), 8);
      file.mode = (mode & 0o7777).toString(8).padStart(4, "0");
      const type = fileType(mode);
      if (type !== undefined) work.objectType = type;
    }
  }
  const uid = getField(path, "ouid");
  if (uid !== undefined) file.uid = uid;
  const gid = getField(path, "ogid");
  if (gid !== undefined) file.gid = gid;
  // Names from an ENRICHED log are those of the machine and time of the event.
  const owner = names === undefined ? undefined : getField(names, "OUID");
  if (owner !== undefined && uid !== undefined) file.owner = owner;
  const group = names === undefined ? undefined : getField(names, "OGID");
  if (group !== undefined && gid !== undefined) file.group = group;
  // Adding `selinux` changes the key order only when there are labels.
  for (const key in path) {
    if (key.startsWith("obj_")) {
      const value = getField(path, key);
      if (value !== undefined) setField(file.selinux ??= {}, key.slice(4), value);
    }
  }
}
