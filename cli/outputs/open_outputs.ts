/**
 * Opens the outputs an {@linkcode OutputConfig} describes: the events'
 * {@linkcode OutputSet} (file or stdout, plus syslog) and the optional
 * output for the events the filters took out. Files are opened at once, so
 * an unsafe or unwritable path fails before anything runs; syslog connects
 * in the background.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readOutputConfig } from "./output_options.ts";
 * import { openOutputs } from "./open_outputs.ts";
 *
 * // Also `syslog: "tcp://127.0.0.1:514"` etc.; here a file:
 * const output = `${Deno.makeTempDirSync()}/events.json`;
 * const outputs = openOutputs(readOutputConfig({ output }));
 * outputs.events.write('{"type":"demo"}\n');
 * await outputs.close();
 * assert.equal(Deno.readTextFileSync(output), '{"type":"demo"}\n');
 * ```
 *
 * @module
 */
import { FileOutput } from "./file_output.ts";
import type { FileConfig, OutputConfig } from "./output_options.ts";
import { type Output, OutputSet, StdoutOutput } from "./outputs.ts";
import { SyslogOutput } from "./syslog.ts";

/** The opened outputs. */
export interface OpenedOutputs {
  /** Where events go. */
  readonly events: OutputSet;
  /** Where the events the filters took out go, if configured. */
  readonly filtered?: Output;
  /** Every output (events and filtered), for status records. */
  readonly all: readonly Output[];
  /** Reopens every output (SIGHUP). */
  reopen(): Promise<void>;
  /** Waits until what every output holds is written (bounded for syslog): before the final status. */
  settle(): Promise<void>;
  /** Flushes and closes every output. */
  close(): Promise<void>;
}

/** Options of {@linkcode openOutputs}. */
export interface OpenOutputsOptions {
  /** Called with each output's background errors (rotation, reopen, connection). */
  readonly onError?: (output: string, error: Error) => void;
  /** The uid a later `--user` switch runs as: it may own the output directory and files. */
  readonly owner?: number;
}

/**
 * Opens `config`'s outputs. Throws (`UnsafePathError`, a `Deno.errors`
 * error, a `RangeError` for TLS files) when one cannot be opened; outputs
 * already opened are closed first.
 */
export function openOutputs(config: OutputConfig, options: OpenOutputsOptions = {}): OpenedOutputs {
  const opened: Output[] = [];
  const onError = (name: string) => (error: Error) => options.onError?.(name, error);
  const file = (c: FileConfig): FileOutput =>
    FileOutput.open({
      ...c,
      ...(options.owner === undefined ? {} : { owner: options.owner }),
      onError: onError(`file:${c.path}`),
    });
  try {
    if (config.file !== undefined) opened.push(file(config.file));
    if (config.stdout) opened.push(new StdoutOutput());
    if (config.syslog !== undefined) {
      const { address } = config.syslog;
      opened.push(SyslogOutput.open({ ...config.syslog, onError: onError(`syslog:${address}`) }));
    }
    const events = new OutputSet([...opened]);
    const filtered = config.filtered === undefined ? undefined : file(config.filtered);
    if (filtered !== undefined) opened.push(filtered);
    const all: readonly Output[] = [...opened];
    const each = async (step: (o: Output) => Promise<void>) => {
      const results = await Promise.allSettled(all.map(step));
      for (const r of results) if (r.status === "rejected") throw r.reason;
    };
    return {
      events,
      ...(filtered === undefined ? {} : { filtered }),
      all,
      reopen: () => each((o) => o.reopen()),
      settle: () => each((o) => o.settle()),
      close: () => each((o) => o.close()),
    };
  } catch (error) {
    for (const o of opened) o.close().catch(() => {});
    throw error;
  }
}
