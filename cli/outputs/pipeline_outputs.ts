/**
 * The outputs of `libaudit plugin` and `libaudit stream`, from their
 * settings: the output settings of `output_options.ts` (file with rotation,
 * stdout, syslog, the filtered-events file, status records) read from the
 * flags or the configuration file, opened before anything runs, and the
 * status reporter over them.
 *
 * @module
 */
import { type OpenedOutputs, openOutputs } from "./open_outputs.ts";
import { OUTPUT_OPTIONS, type OutputConfig, readOutputConfig } from "./output_options.ts";
import { type StatusCounters, StatusReporter } from "./status.ts";

/**
 * Reads the output settings from the subcommand's settings (flag names);
 * a bad value is a {@linkcode UsageError} naming `--FLAG`, so that
 * `locateErrors` can point it at the configuration file.
 */
export function outputConfig(values: Readonly<Record<string, unknown>>): OutputConfig {
  const settings: Record<string, unknown> = {};
  for (const name of Object.keys(OUTPUT_OPTIONS)) {
    if (values[name] !== undefined) settings[name] = values[name];
  }
  return readOutputConfig(settings);
}

/** A file output that cannot be opened: one line naming it. */
export class OutputOpenError extends Error {
  /** Creates the error from the cause. */
  constructor(cause: unknown) {
    const text = cause instanceof Error ? cause.message.split("\n")[0]! : String(cause);
    super(`cannot open output: ${text}`, { cause });
    this.name = "OutputOpenError";
  }
}

/**
 * Opens the outputs of `config` (files at once, syslog in the background);
 * background errors (rotation, reopen, connection) go to `warn`. Throws
 * {@linkcode OutputOpenError} when a file cannot be opened. `owner`: the
 * uid `--user` will switch to (it may own the output directory and files).
 */
export function openPipelineOutputs(
  config: OutputConfig,
  warn: (message: string) => void,
  owner?: number,
): OpenedOutputs {
  try {
    return openOutputs(config, {
      onError: (name, error) => warn(`${name}: ${error.message.split("\n")[0]}`),
      ...(owner === undefined ? {} : { owner }),
    });
  } catch (error) {
    throw new OutputOpenError(error);
  }
}

/** The status reporter of `config` over `outputs` (started; call `stop()` before closing). */
export function startStatus(
  config: OutputConfig,
  outputs: OpenedOutputs,
  counters: () => StatusCounters,
): StatusReporter {
  const reporter = new StatusReporter({
    intervalSeconds: config.status.intervalSeconds,
    target: config.status.target,
    counters,
    outputs: outputs.all,
    output: outputs.events,
  });
  reporter.start();
  return reporter;
}
