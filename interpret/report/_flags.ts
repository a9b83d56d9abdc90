/**
 * The record-type tests aureport's reports make on an event (`list_find_msg`
 * and `list_find_msg_range` over its records), as bits: an event's flags are
 * the OR of its records' ({@linkcode typeFlags}), kept while it is
 * assembled, so a report asks one number instead of walking the records.
 *
 * @module
 */

/** The event has a record of exactly one of these types: bit `F[type]`. */
const SINGLE: readonly number[] = [
  1305,
  1203,
  1111,
  1325,
  1328,
  2312,
  1108,
  1102,
  1132,
  1112,
  1100,
  1126,
  1400,
  1107,
  1326,
];

/** The event has a record in `[low, high]`: bit `SINGLE.length + index`. */
const RANGES: readonly (readonly [number, number])[] = [
  [1403, 1417],
  [1403, 1410],
  [1114, 1117],
  [2301, 2302],
  [1600, 1699],
  [2400, 2499],
  [2300, 2399],
  [2500, 2599],
  [1800, 1899],
  [2100, 2199],
  [1700, 1799],
  [2200, 2299],
];

/** The flag of a record of type `type` (`SINGLE`). */
export function hasBit(type: number): number {
  const i = SINGLE.indexOf(type);
  if (i === -1) throw new RangeError(`no flag for record type ${type}`);
  return 1 << i;
}

/** The flag of a record in `[low, high]` (`RANGES`). */
export function rangeBit(low: number, high: number): number {
  const i = RANGES.findIndex(([l, h]) => l === low && h === high);
  if (i === -1) throw new RangeError(`no flag for record types ${low}-${high}`);
  return 1 << (SINGLE.length + i);
}

function computeFlags(type: number): number {
  let f = 0;
  const i = SINGLE.indexOf(type);
  if (i !== -1) f |= 1 << i;
  for (let j = 0; j < RANGES.length; j++) {
    if (type >= RANGES[j]![0] && type <= RANGES[j]![1]) f |= 1 << (SINGLE.length + j);
  }
  return f;
}

/**
 * Flags of the types below 4096, each computed when first asked for (-1:
 * not yet): a log has a few dozen types, and filling the table at load time
 * made V8 compile the loop (on-stack replacement) at every start.
 */
const TABLE: Int32Array = new Int32Array(4096).fill(-1);

/** The flags a record of type `type` gives its event. */
export function typeFlags(type: number): number {
  if (type < 0 || type >= 4096) return computeFlags(type);
  const f = TABLE[type]!;
  return f !== -1 ? f : TABLE[type] = computeFlags(type);
}

/** The flags of records of types `types` together. */
export function recordFlags(records: readonly { readonly type: number }[]): number {
  let f = 0;
  for (const r of records) f |= typeFlags(r.type);
  return f;
}

/** `CONFIG_CHANGE`. */
export const F_1305: number = hasBit(1305);
/** `DAEMON_CONFIG`. */
export const F_1203: number = hasBit(1203);
/** `USYS_CONFIG`. */
export const F_1111: number = hasBit(1111);
/** `NETFILTER_CFG`. */
export const F_1325: number = hasBit(1325);
/** `FEATURE_CHANGE`. */
export const F_1328: number = hasBit(1328);
/** `USER_MAC_CONFIG_CHANGE`. */
export const F_2312: number = hasBit(2312);
/** `USER_CHAUTHTOK`. */
export const F_1108: number = hasBit(1108);
/** `USER_MGMT`. */
export const F_1102: number = hasBit(1102);
/** `GRP_MGMT`. */
export const F_1132: number = hasBit(1132);
/** `USER_LOGIN`. */
export const F_1112: number = hasBit(1112);
/** `USER_AUTH`. */
export const F_1100: number = hasBit(1100);
/** `GRP_AUTH`. */
export const F_1126: number = hasBit(1126);
/** `AVC`. */
export const F_1400: number = hasBit(1400);
/** `USER_AVC`. */
export const F_1107: number = hasBit(1107);
/** `SECCOMP`. */
export const F_1326: number = hasBit(1326);
/** MAC policy and config types (1403–1417). */
export const F_MAC: number = rangeBit(1403, 1417);
/** The MAC summary's narrower range (1403–1410). */
export const F_MAC_SHORT: number = rangeBit(1403, 1410);
/** Account changes (1114–1117). */
export const F_ACCT: number = rangeBit(1114, 1117);
/** Role changes (2301–2302). */
export const F_ROLE: number = rangeBit(2301, 2302);
/** Kernel crypto (1600–1699). */
export const F_KCRYPTO: number = rangeBit(1600, 1699);
/** User-space crypto (2400–2499). */
export const F_CRYPTO: number = rangeBit(2400, 2499);
/** LSPP / user MAC (2300–2399). */
export const F_LSPP: number = rangeBit(2300, 2399);
/** Virtualization (2500–2599). */
export const F_VIRT: number = rangeBit(2500, 2599);
/** Integrity (1800–1899). */
export const F_INTEGRITY: number = rangeBit(1800, 1899);
/** User-space anomalies (2100–2199). */
export const F_ANOM: number = rangeBit(2100, 2199);
/** Kernel anomalies (1700–1799). */
export const F_KANOM: number = rangeBit(1700, 1799);
/** Responses to anomalies (2200–2299). */
export const F_RESPONSE: number = rangeBit(2200, 2299);
