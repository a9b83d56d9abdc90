/**
 * The pieces of auparse's normalizer (normalize.c) that find objects:
 * field locations, the normalizer's data, file, socket and program
 * objects.
 *
 * @module
 */

import type { AuEvent } from "./_auevent.ts";
import { I2S } from "./_lookup.ts";
import { CONSTANTS, NORM_RECORD_ACTIONS, NORM_SYSCALL_KINDS } from "./tables.ts";

/** A field location (record, field), or undefined when unset. */
export type Loc = { record: number; field: number } | undefined;

/** The normalizer's data (`normalize_data`). */
export class NormData {
  evkind: string | undefined;
  session: Loc;
  actorPrimary: Loc;
  actorSecondary: Loc;
  actorWhat: string | undefined;
  actorAttr: Loc[] = [];
  action: string | undefined;
  thingPrimary: Loc;
  thingSecondary: Loc;
  thingTwo: Loc;
  thingAttr: Loc[] = [];
  thingWhat = 0;
  results: Loc;
  how: string | undefined;
  noAttrs = false;
  key: Loc;
  syscallSuccess = -1;
}

/** A constant of normalize.c by name (generated from the headers). */
export function K(name: string): number {
  const v = CONSTANTS[name];
  if (v === undefined) throw new Error(`no constant ${name}`);
  return v;
}

/** normalize_record_map_i2s. */
export const recordAction: I2S = new I2S(NORM_RECORD_ACTIONS);

let syscallKinds: Map<string, number> | undefined;

export function syscallKind(name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  if (syscallKinds === undefined) {
    syscallKinds = new Map();
    for (const [v, s] of NORM_SYSCALL_KINDS) if (!syscallKinds.has(s)) syscallKinds.set(s, v);
  }
  return syscallKinds.get(name);
}

/** The current field's location. */
export function here(au: AuEvent): Loc {
  return { record: au.recordNum(), field: au.fieldNum() };
}

/** Location in record 0 (as normalize.c's `set_record(0, …)` on simple events). */
export function at0(au: AuEvent): Loc {
  return { record: 0, field: au.fieldNum() };
}

export function setPrimeObject(au: AuEvent, D: NormData, name: string, rnum: number): number {
  if (au.findField(name) !== undefined) {
    D.thingPrimary = { record: rnum, field: au.fieldNum() };
    return 0;
  }
  return 1;
}

export function setPrimeObject2(au: AuEvent, D: NormData, name: string, adjust: number): number {
  const rnum = 2 + adjust;
  au.gotoRecordNum(rnum);
  au.firstField();
  if (au.findField(name) !== undefined) {
    D.thingTwo = { record: rnum, field: au.fieldNum() };
    return 0;
  }
  return 1;
}

export function addObjAttr(au: AuEvent, D: NormData, name: string, rnum: number): number {
  if (au.findField(name) !== undefined) {
    D.thingAttr.push({ record: rnum, field: au.fieldNum() });
    return 0;
  }
  au.gotoRecordNum(rnum);
  return 1;
}

/** collect_path_attrs. */
export function collectPathAttrs(au: AuEvent, D: NormData): void {
  const rnum = au.recordNum();
  au.firstField();
  if (addObjAttr(au, D, "mode", rnum)) return;
  while (au.nextField()) D.thingAttr.push({ record: rnum, field: au.fieldNum() });
}

export function simpleFileAttr(au: AuEvent, D: NormData): void {
  if (D.noAttrs) return;
  let parent = 0;
  au.firstRecord();
  do {
    const type = au.type();
    if (type === K("AUDIT_PATH")) {
      const f = au.findField("nametype");
      if (f !== undefined && f === "PARENT") {
        if (parent === 0) parent = au.recordNum();
        continue;
      }
      collectPathAttrs(au, D);
      return;
    } else if (type === K("AUDIT_CWD")) {
      addObjAttr(au, D, "cwd", au.recordNum());
    } else if (type === K("AUDIT_SOCKADDR")) {
      addObjAttr(au, D, "saddr", au.recordNum());
    }
  } while (au.nextRecord() === 1);
  if (parent) {
    au.gotoRecordNum(parent);
    collectPathAttrs(au, D);
  }
}

const S_IFMT = 0o170000;

export function setFileObject(au: AuEvent, D: NormData, adjust: number): void {
  let parent = 0;
  let f: string | undefined;
  au.gotoRecordNum(2 + adjust);
  au.firstField();
  do {
    f = au.findField("nametype");
    if (f !== undefined) {
      if (f !== "PARENT") break;
      if (parent === 0) parent = au.recordNum();
    }
  } while (f !== undefined && au.nextRecord() === 1);
  let rnum: number;
  if (f === undefined) {
    if (parent === 0) return;
    au.gotoRecordNum(parent);
    au.firstField();
    rnum = parent;
  } else rnum = au.recordNum();
  if (au.type() === K("AUDIT_PATH")) {
    au.firstField();
    setPrimeObject(au, D, "name", rnum);
    if (au.findField("inode") !== undefined) {
      D.thingSecondary = { record: rnum, field: au.fieldNum() };
    }
    const m = au.findField("mode");
    if (m !== undefined) {
      const mode = /^[0-7]+/.exec(m.trim());
      const v = mode ? parseInt(mode[0], 8) & S_IFMT : 0;
      const what: Record<number, string> = {
        0o100000: "NORM_WHAT_FILE",
        0o040000: "NORM_WHAT_DIRECTORY",
        0o020000: "NORM_WHAT_CHAR_DEV",
        0o060000: "NORM_WHAT_BLOCK_DEV",
        0o010000: "NORM_WHAT_FIFO",
        0o120000: "NORM_WHAT_LINK",
        0o140000: "NORM_WHAT_SOCKET",
      };
      if (what[v] !== undefined) D.thingWhat = K(what[v]);
    }
  }
}

export function setSocketObject(au: AuEvent, D: NormData): void {
  au.gotoRecordNum(1);
  au.firstField();
  setPrimeObject(au, D, "saddr", 1);
}

const SCRIPTS = ["/usr/bin/python", "/usr/bin/sh", "/usr/bin/bash", "/usr/bin/perl"];

/** Whether `exe` is one of the interpreters whose `comm` names the program. */
export function isScript(exe: string): boolean {
  return SCRIPTS.some((p) => exe.startsWith(p));
}

/** set_program_obj. */
export function setProgramObj(au: AuEvent, D: NormData): number {
  au.firstRecord();
  const type = au.type();
  if (type === K("AUDIT_BPF")) {
    if (au.findField("prog-id") !== undefined) D.thingPrimary = here(au);
  } else if (type === K("AUDIT_EVENT_LISTENER")) {
    if (au.findField("nl-mcgrp") !== undefined) D.thingPrimary = here(au);
  } else if (au.findField("exe") !== undefined) {
    const exe = au.interpretField() ?? "";
    if (isScript(exe)) {
      const fnum = au.fieldNum();
      if (fnum > 0) au.gotoFieldNum(fnum - 1);
      else au.firstRecord();
      au.findField("comm");
    }
    D.thingPrimary = here(au);
    return 0;
  }
  return 1;
}
