/**
 * `-S` of a rule: syscall names and numbers on the rule's arch (or the
 * machine's), `all`, io_uring operations on the io_uring list, and
 * auditctl's 32/64-bit mismatch warning.
 *
 * @module
 */
import { BITMASK_SIZE, LIST } from "./constants.ts";
import { RuleSyntaxError } from "./errors.ts";
import { syscallNumber } from "../parse/tables/lookup.ts";
import type { Place } from "./options.ts";
import { type Machine, machineByElf, MACHINES, URING_OPS, uringOpNumber } from "./tables.ts";
import type { Token } from "./tokenize.ts";
import { parseUnsigned, startsWithDigit } from "./values.ts";

/** The parts of a line's parse state that `-S` reads and updates. */
export interface SyscallState {
  readonly place: Place;
  readonly mask: number[];
  readonly warnings: RuleSyntaxError[];
  readonly list: number | undefined;
  readonly add: number | undefined;
  elf: number | undefined;
  syscallAdded: boolean;
  fail(token: Token, reason: string): never;
  defaultMachine(token: Token): Machine;
}

/** Adds the syscalls (or io_uring operations) of `-S text` to the rule's mask. */
export function addSyscalls(p: SyscallState, text: string, at: Token): void {
  const list = p.list;
  const refuse: Readonly<Record<number, string>> = {
    [LIST.task]: "task",
    [LIST.user]: "user",
    [LIST.filesystem]: "filesystem",
    [LIST.exclude]: "exclude",
  };
  if (list !== undefined && list in refuse) {
    p.fail(at, `-S ${text}: syscalls cannot be audited on the ${refuse[list]} list`);
  }
  if (list === LIST.io_uring) return uringOps(p, text, at);
  const unknownArch = p.elf === undefined;
  if (p.elf === undefined) p.elf = p.defaultMachine(at).elf;
  const machine = machineByElf(p.elf)!;
  const names = text.includes(",") ? text.split(",").filter((s) => s !== "") : [text];
  if (names.length === 0) p.fail(at, `-S '${text}': expected syscall names or numbers`);
  let column = at.column;
  for (const name of text.includes(",") ? text.split(",") : [text]) {
    if (name !== "") addSyscall(p, name, machine, { text: name, column });
    column += name.length + 1;
  }
  p.syscallAdded = true;
  const sibling = machine.bits32 === undefined || machine.only64
    ? undefined
    : MACHINES[machine.bits32];
  if (unknownArch && p.add !== undefined && sibling !== undefined) {
    const differs = names.some((n) =>
      n !== "all" &&
      syscallNumber(sibling.name, n.toLowerCase()) !==
        syscallNumber(machine.name, n.toLowerCase()) &&
      syscallNumber(machine.name, n.toLowerCase()) !== undefined
    );
    if (differs) {
      p.warnings.push(
        new RuleSyntaxError({
          ...p.place,
          column: at.column,
          token: text,
          reason: `-S ${text}: 32/64 bit syscall mismatch, you should specify an arch ` +
            "(-F arch=b64 or b32 before -S)",
        }),
      );
    }
  }
}

function uringOps(p: SyscallState, text: string, at: Token): void {
  let column = at.column;
  for (const name of text.split(",")) {
    const token = { text: name, column };
    column += name.length + 1;
    if (name === "") continue;
    if (name === "all") {
      for (const n of Object.keys(URING_OPS)) setBit(p, Number(n));
      continue;
    }
    const number = uringOpNumber(name) ??
      (startsWithDigit(name) ? parseUnsigned(name) : undefined);
    if (number === undefined || number >= BITMASK_SIZE * 32) {
      p.fail(
        token,
        `unknown io_uring operation '${name}': expected a name like openat, a number or all`,
      );
    }
    setBit(p, number);
  }
  p.syscallAdded = true;
}

function setBit(p: SyscallState, number: number): void {
  p.mask[number >>> 5] = (p.mask[number >>> 5]! | (1 << (number & 31))) >>> 0;
}

function addSyscall(p: SyscallState, name: string, machine: Machine, at: Token): void {
  if (name === "all") {
    p.mask.fill(0xffffffff);
    return;
  }
  let number = syscallNumber(machine.name, name.toLowerCase());
  if (number === undefined && startsWithDigit(name)) number = parseUnsigned(name);
  if (number === undefined || number >= BITMASK_SIZE * 32) {
    p.fail(
      at,
      `unknown syscall '${name}' on ${machine.name}: expected a ${machine.name} syscall name, ` +
        "a number below 2048 or all",
    );
  }
  setBit(p, number);
}
