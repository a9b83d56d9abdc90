/**
 * Output for the `libaudit` command: text, JSON Lines and YAML renderers that
 * are safe for attacker-influenced audit data, and a batching writer.
 *
 * - Text and YAML escape control characters (C0, DEL, C1) and the Unicode
 *   bidirectional/line-separator controls, so a crafted file name cannot
 *   inject terminal escape sequences or reorder what a reader sees.
 * - JSON is one `JSON.stringify` per record (always valid JSON, lone
 *   surrogates escaped) written as UTF-8, one record per line.
 * - {@linkcode BatchWriter} collects output and writes it in large chunks,
 *   not one write per event.
 *
 * @example
 * ```ts
 * import { BatchWriter, renderer, stdoutSink } from "./output.ts";
 *
 * const out = new BatchWriter(stdoutSink());
 * const render = renderer("json");
 * out.write(render({ file: "/tmp/\x1b[31mevil" }));
 * await out.close();
 * ```
 *
 * @module
 */
import type { stringify as YamlStringify } from "yaml";
import { oneOf } from "../usage.ts";

// The YAML library is loaded on demand ({@linkcode loadYaml}): importing it
// costs ~30 ms of CPU at startup and ~10 MiB of memory that text and JSON
// output do not need.
let yamlStringify: typeof YamlStringify | undefined;

/**
 * Loads the YAML library; call it (once) before {@linkcode toYamlDocument}
 * or a YAML {@linkcode renderer} is used.
 */
export async function loadYaml(): Promise<void> {
  yamlStringify ??= (await import("yaml")).stringify;
}

/** The output formats. */
export type Format = "text" | "json" | "yaml";

/** The format names accepted by `--format`. */
const FORMATS: readonly Format[] = ["text", "json", "yaml"];

/**
 * Reads a `--format` value (text when absent), loading the YAML library when
 * YAML is asked for; an unknown name is a usage error.
 */
export async function chooseFormat(value: string | undefined): Promise<Format> {
  const format = oneOf("format", value, FORMATS, "text");
  if (format === "yaml") await loadYaml();
  return format;
}

// C0 controls, DEL, C1 controls, and the Unicode controls that change how text
// is shown (bidi embeddings/overrides/isolates, marks, line/paragraph separators).
// deno-lint-ignore no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
// deno-lint-ignore no-control-regex
const UNSAFE_ALL = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
// The same minus C0, which the YAML library already escapes itself.
const UNSAFE_YAML = /[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
const UNSAFE_YAML_ALL = /[\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  switch (c) {
    case "\n":
      return "\\n";
    case "\t":
      return "\\t";
    case "\r":
      return "\\r";
  }
  return code < 0x100
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Escapes control characters in `text` for terminal-safe display: newline,
 * tab and CR as `\n`, `\t`, `\r`; other C0/C1 controls and DEL as `\xNN`;
 * bidi and line-separator controls as `\uNNNN`. Other text is unchanged.
 */
export function escapeControl(text: string): string {
  return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escapeChar) : text;
}

/** One JSON Lines record: `JSON.stringify(value)` and a newline. */
export function toJsonLine(value: unknown): string {
  return JSON.stringify(value) + "\n";
}

/**
 * One YAML document (`---` then the value). Values holding characters that the
 * YAML library would print raw (C1 and bidi controls) are written with all
 * strings double-quoted and those characters escaped.
 */
export function toYamlDocument(value: unknown): string {
  const stringify = yamlStringify;
  if (stringify === undefined) throw new Error("YAML output needs `await loadYaml()` first");
  if (!hasYamlUnsafe(value)) return "---\n" + stringify(value, YAML_OPTIONS);
  const text = stringify(value, { ...YAML_OPTIONS, defaultStringType: "QUOTE_DOUBLE" });
  return "---\n" + text.replace(UNSAFE_YAML_ALL, escapeChar);
}

const YAML_OPTIONS = { lineWidth: 0, aliasDuplicateObjects: false } as const;

function hasYamlUnsafe(value: unknown): boolean {
  if (typeof value === "string") return UNSAFE_YAML.test(value);
  if (Array.isArray(value)) return value.some(hasYamlUnsafe);
  if (value !== null && typeof value === "object") {
    for (const key in value) {
      if (UNSAFE_YAML.test(key) || hasYamlUnsafe((value as Record<string, unknown>)[key])) {
        return true;
      }
    }
  }
  return false;
}

/** Renders one record in `format`; text records are passed through {@linkcode escapeControl}. */
export function renderer(format: Format): (value: unknown) => string {
  switch (format) {
    case "json":
      return toJsonLine;
    case "yaml":
      return toYamlDocument;
    case "text":
      return (value) =>
        escapeControl(typeof value === "string" ? value : JSON.stringify(value)) + "\n";
  }
}

/** Where a {@linkcode BatchWriter} writes: anything with Deno's `write` (stdout, a file). */
export interface Sink {
  /** Writes some of `p`, returning how many bytes were written. */
  write(p: Uint8Array): Promise<number>;
}

/** Standard output as a {@linkcode Sink}. */
export function stdoutSink(): Sink {
  return Deno.stdout;
}

/**
 * Standard output as a {@linkcode Sink} that writes synchronously: no hop to
 * a thread pool and back per write. Only for batch commands (a slow reader
 * blocks the event loop, so never for `stream`).
 */
export function stdoutSyncSink(): Sink {
  return { write: (p) => Promise.resolve(Deno.stdout.writeSync(p)) };
}

const encoder = new TextEncoder();

/** Size of the staging buffers of a {@linkcode BatchWriter}. */
const STAGE_BYTES = 1 << 20;

/**
 * Collects output text and writes it to a {@linkcode Sink} as UTF-8 in large
 * chunks: text is gathered in small batches (64 Ki characters, so joined
 * strings stay out of V8's large-object space), encoded with `encodeInto`
 * into reused 1 MiB buffers, and a buffer is written once nearly full while
 * the next one fills. `write` never blocks; call
 * {@linkcode BatchWriter.drain} regularly (e.g. once per input chunk), or
 * whenever {@linkcode BatchWriter.queued} passes a limit, so memory stays
 * bounded when the sink is slow, and `close` at the end.
 */
export class BatchWriter {
  #sink: Sink;
  #parts: string[] = [];
  #size = 0;
  #threshold: number;
  #chunkBytes: number;
  #buffer: Uint8Array;
  #fill = 0;
  /** Staging buffers whose write has finished, ready for reuse. */
  #free: Uint8Array[] = [];
  #writing: Promise<void> = Promise.resolve();
  /** Bytes handed to background writes that the sink has not taken yet. */
  #inFlight = 0;
  #broken: unknown = undefined;

  /**
   * Creates a writer to `sink` that encodes once `threshold` characters are
   * pending and writes once about `chunkBytes` bytes are encoded. The 64 Ki default keeps the joined batch out of V8's
   * large-object space (see `CHUNK_SIZE` in `input.ts`).
   */
  constructor(sink: Sink, threshold = 1 << 16, chunkBytes: number = STAGE_BYTES) {
    this.#sink = sink;
    this.#threshold = threshold;
    this.#chunkBytes = Math.max(chunkBytes, 16);
    this.#buffer = new Uint8Array(this.#chunkBytes);
  }

  /**
   * About how many bytes are held and not yet written to the sink (pending
   * text counted as one byte per character, the staging buffer, and the
   * queued writes). Wait for {@linkcode BatchWriter.drain} when it grows
   * past a limit: a sink that is not read (a blocked pipe) would otherwise
   * make it grow without bound.
   */
  get queued(): number {
    return this.#inFlight + this.#fill + this.#size;
  }

  /** Queues `text`; starts a write in the background once enough is pending. */
  write(text: string): void {
    if (this.#broken !== undefined) throw this.#broken;
    this.#parts.push(text);
    this.#size += text.length;
    if (this.#size >= this.#threshold) this.#stage();
  }

  /** Queues already encoded UTF-8 `bytes` (after any pending text). */
  writeBytes(bytes: Uint8Array): void {
    if (this.#broken !== undefined) throw this.#broken;
    this.#stage();
    this.#send();
    this.#enqueue(bytes);
  }

  /** Encodes the pending text into the staging buffer, sending full buffers. */
  #stage(): void {
    if (this.#size === 0) return;
    let text = this.#parts.length === 1 ? this.#parts[0]! : this.#parts.join("");
    this.#parts = [];
    this.#size = 0;
    while (text.length > 0) {
      const { read, written } = encoder.encodeInto(text, this.#buffer.subarray(this.#fill));
      this.#fill += written;
      if (read === text.length) break;
      text = text.slice(read);
      this.#send();
      if (written === 0 && this.#fill === 0) {
        // Cannot happen with a 1 MiB buffer; guards against an endless loop.
        this.#enqueue(encoder.encode(text));
        return;
      }
    }
    if (this.#fill >= this.#chunkBytes - (this.#chunkBytes >> 2)) this.#send();
  }

  /** Starts writing the staging buffer and continues in a free one. */
  #send(): void {
    if (this.#fill === 0) return;
    const full = this.#buffer;
    const bytes = full.subarray(0, this.#fill);
    this.#fill = 0;
    this.#enqueue(bytes, () => {
      if (this.#free.length < 2) this.#free.push(full);
    });
    this.#buffer = this.#free.pop() ?? new Uint8Array(this.#chunkBytes);
  }

  #enqueue(bytes: Uint8Array, done?: () => void): void {
    this.#inFlight += bytes.length;
    this.#writing = this.#writing.then(() => this.#writeAll(bytes)).then(done).catch((error) => {
      this.#broken ??= error;
    });
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    try {
      if (this.#broken !== undefined) return;
      while (offset < bytes.length) {
        const n = await this.#sink.write(bytes.subarray(offset));
        offset += n;
        this.#inFlight -= n;
      }
    } finally {
      this.#inFlight -= bytes.length - offset;
    }
  }

  /** Waits until background writes are done (bounds memory); rethrows a write error. */
  async drain(): Promise<void> {
    await this.#writing;
    if (this.#broken !== undefined) throw this.#broken;
  }

  /** Writes everything pending and waits for it. */
  async flush(): Promise<void> {
    this.#stage();
    this.#send();
    await this.drain();
  }

  /** Flushes; the sink itself is not closed. */
  async close(): Promise<void> {
    await this.flush();
  }
}
