/**
 * The search's output buffer: bytes gathered in one reused buffer, copied
 * from the input's buffers as they are or escaped as ausearch's
 * `--escape` modes escape them (src/ausearch-lookup.c).
 *
 * @module
 */
import type { EscapeMode } from "../auparse/types.ts";

/** Characters `--escape shell` puts a backslash before. */
export const SHELL_SET = "\"'`$\\!()| ";
/** Characters `--escape shell_quote` puts a backslash before. */
export const QUOTE_SET = "\"'`$\\!()| ;#&*?[]<>{}";

/** {@linkcode ByteSink.escaped}'s mode for `tty`: control characters as `\ooo`. */
export const ESC_TTY = 1;
const ESC_SHELL = 2;
const ESC_QUOTE = 3;
/** Bytes each escaping mode puts a backslash before (besides control characters as `\ooo`). */
const SETS: (Uint8Array | undefined)[] = [undefined, undefined, setOf(SHELL_SET), setOf(QUOTE_SET)];

function setOf(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}

/** {@linkcode ByteSink.escaped}'s number for an `--escape` mode (0: none). */
export function modeNumber(mode: EscapeMode): number {
  return mode === "tty"
    ? ESC_TTY
    : mode === "shell"
    ? ESC_SHELL
    : mode === "shell_quote"
    ? ESC_QUOTE
    : 0;
}

const ENCODER = new TextEncoder();

/** Output bytes gathered in one reused buffer, handed to `flush` when full. */
export class ByteSink {
  #buf: Uint8Array;
  /** Bytes gathered. */
  length = 0;
  readonly #flush: (bytes: Uint8Array) => void;
  /**
   * Makes a sink.
   *
   * @param flush Takes the gathered bytes (valid only during the call).
   * @param size The buffer's size.
   */
  constructor(flush: (bytes: Uint8Array) => void, size = 1 << 16) {
    this.#flush = flush;
    this.#buf = new Uint8Array(size);
  }
  /** Room for `n` more bytes; returns the buffer. */
  #room(n: number): Uint8Array {
    if (this.length + n > this.#buf.length) {
      this.flush();
      if (n > this.#buf.length) this.#buf = new Uint8Array(n);
    }
    return this.#buf;
  }
  /** Appends `src[start..end)`. */
  bytes(src: Uint8Array, start: number, end: number): void {
    const buf = this.#room(end - start);
    if (end - start > 64) buf.set(src.subarray(start, end), this.length);
    else for (let i = start, o = this.length; i < end; i++) buf[o++] = src[i]!;
    this.length += end - start;
  }
  /**
   * Copies `src[start..end)` to the far end of the buffer, with room for
   * `extra` more bytes than that gathered before it, so that pieces of it
   * can be appended with {@linkcode staged} (a copy within the buffer: no
   * view of `src` per piece). Nothing else may be appended past that room.
   *
   * @returns What to add to an offset in `src` for its place in the
   * buffer, or `undefined` when the bytes do not fit (append them otherwise).
   */
  stage(src: Uint8Array, start: number, end: number, extra: number): number | undefined {
    const n = end - start;
    if (2 * n + extra > this.#buf.length) return undefined;
    const buf = this.#room(2 * n + extra);
    const at = buf.length - n;
    buf.set(src.subarray(start, end), at);
    return at - start;
  }
  /** Appends `buf[from..to)` of the bytes {@linkcode stage} placed. */
  staged(from: number, to: number): void {
    this.#buf.copyWithin(this.length, from, to);
    this.length += to - from;
  }
  /** Appends `src[start..end)` escaped by `mode` (a number from {@linkcode modeNumber}). */
  escaped(src: Uint8Array, start: number, end: number, mode: number): void {
    if (mode === 0) return this.bytes(src, start, end);
    const buf = this.#room(4 * (end - start));
    const set = SETS[mode];
    let o = this.length;
    for (let i = start; i < end; i++) {
      const c = src[i]!;
      if (c < 32) {
        buf[o++] = 92;
        buf[o++] = 48 + ((c >> 6) & 3);
        buf[o++] = 48 + ((c >> 3) & 7);
        buf[o++] = 48 + (c & 7);
      } else {
        if (set !== undefined && c < 128 && set[c]) buf[o++] = 92;
        buf[o++] = c;
      }
    }
    this.length = o;
  }
  /** Appends one byte. */
  byte(b: number): void {
    this.#room(1)[this.length++] = b;
  }
  /** Appends text whose characters are all below U+0080. */
  ascii(text: string): void {
    const buf = this.#room(text.length);
    for (let i = 0, o = this.length; i < text.length; i++) buf[o++] = text.charCodeAt(i);
    this.length += text.length;
  }
  /** Appends text as UTF-8. */
  text(text: string): void {
    const buf = this.#room(3 * text.length);
    this.length += ENCODER.encodeInto(text, buf.subarray(this.length)).written;
  }
  /**
   * Lends its buffer to a writer that appends to `out.buf[0..out.length)`
   * itself (and may grow it), with at least `room` bytes free (flushed
   * first when fewer are): no copy from the writer's own buffer. Nothing
   * else may be appended until {@linkcode takeBack}.
   */
  lend(out: { buf: Uint8Array; length: number }, room: number): void {
    if (this.length + room > this.#buf.length) this.flush();
    if (room > this.#buf.length) this.#buf = new Uint8Array(room);
    out.buf = this.#buf;
    out.length = this.length;
  }
  /** Takes back the buffer {@linkcode lend} lent to `out`, with what was appended (a grown one too). */
  takeBack(out: { buf: Uint8Array; length: number }): void {
    this.#buf = out.buf;
    this.length = out.length;
  }
  /** Hands the gathered bytes to `flush`. */
  flush(): void {
    if (this.length === 0) return;
    const n = this.length;
    this.length = 0;
    this.#flush(this.#buf.subarray(0, n));
  }
}
