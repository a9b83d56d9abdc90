/**
 * Finds and opens the C library for every FFI module of this package
 * (`netlink/` for the kernel, `sys/` for the rest), and reads `errno`.
 *
 * The library is looked up by absolute path first (the usual multiarch
 * directories), so a scoped `--allow-ffi=/lib/x86_64-linux-gnu/libc.so.6`
 * works; {@linkcode LIBC_CANDIDATES} lists the paths tried, and
 * `LIBAUDIT_LIBC` (when `--allow-env` grants it) overrides them. Each module
 * opens its own symbols lazily, so importing needs no permission.
 *
 * @module
 */

/** The libc paths tried in order; the first one `dlopen` accepts is used. */
export const LIBC_CANDIDATES: readonly string[] = [
  "/lib/x86_64-linux-gnu/libc.so.6",
  "/usr/lib/x86_64-linux-gnu/libc.so.6",
  "/lib/aarch64-linux-gnu/libc.so.6",
  "/usr/lib/aarch64-linux-gnu/libc.so.6",
  "/lib64/libc.so.6",
  "/usr/lib64/libc.so.6",
  "/lib/libc.so.6",
  "/usr/lib/libc.so.6",
  "libc.so.6",
];

/** libc could not be loaded (no FFI permission, or no libc at the usual paths). */
export class LibcLoadError extends Error {
  /** The paths tried, each with the reason it failed. */
  readonly attempts: readonly string[];
  /** Creates the error from the failed attempts; `denied` when FFI permission was missing. */
  constructor(attempts: readonly string[], denied: boolean) {
    super(
      denied
        ? `loading libc needs FFI permission: run with --allow-ffi (or scoped, e.g. --allow-ffi=${
          LIBC_CANDIDATES[Deno.build.arch === "aarch64" ? 2 : 0]
        })`
        : `cannot load libc (set LIBAUDIT_LIBC to its path): ${attempts.join("; ")}`,
    );
    this.name = "LibcLoadError";
    this.attempts = attempts;
  }
}

function candidates(): string[] {
  let override: string | undefined;
  try {
    override = Deno.env.get("LIBAUDIT_LIBC");
  } catch {
    override = undefined;
  }
  return override ? [override, ...LIBC_CANDIDATES] : [...LIBC_CANDIDATES];
}

/** A libc opened with one symbol set, and the path it came from. */
export interface OpenedLibc<S extends Deno.ForeignLibraryInterface> {
  /** The path `dlopen` accepted. */
  readonly path: string;
  /** The opened library. */
  readonly lib: Deno.DynamicLibrary<S>;
}

/**
 * Opens libc with `symbols`, trying {@linkcode LIBC_CANDIDATES} in order
 * (the one resolver every FFI module uses); throws {@linkcode LibcLoadError}.
 */
export function dlopenLibc<const S extends Deno.ForeignLibraryInterface>(
  symbols: S,
): OpenedLibc<S> {
  const attempts: string[] = [];
  let denied = false;
  for (const path of candidates()) {
    try {
      return { path, lib: Deno.dlopen(path, symbols) };
    } catch (e) {
      attempts.push(`${path}: ${e instanceof Error ? e.message : String(e)}`);
      // A scoped --allow-ffi may still grant a later path; keep trying.
      if (e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied) {
        denied = true;
      }
    }
  }
  throw new LibcLoadError(attempts, denied);
}

const ERRNO_SYMBOLS = {
  /** int *__errno_location(void) */
  __errno_location: { parameters: [], result: "pointer" },
  /** char *strerror(int errnum) */
  strerror: { parameters: ["i32"], result: "pointer" },
} as const satisfies Deno.ForeignLibraryInterface;

let core: OpenedLibc<typeof ERRNO_SYMBOLS> | undefined;

function coreLibc(): Deno.DynamicLibrary<typeof ERRNO_SYMBOLS>["symbols"] {
  core ??= dlopenLibc(ERRNO_SYMBOLS);
  return core.lib.symbols;
}

/**
 * This thread's `errno` (its address never changes for a thread; JavaScript
 * of one isolate runs on one thread, and a worker has its own module copy).
 */
let errnoView: Deno.UnsafePointerView | undefined;

/** Reads the calling thread's `errno`; call it in the same synchronous turn as the failing call. */
export function errno(): number {
  if (errnoView === undefined) {
    const p = coreLibc().__errno_location();
    if (p === null) return 0;
    errnoView = new Deno.UnsafePointerView(p);
  }
  return errnoView.getInt32();
}

/** The C library's text for an errno value, e.g. "Operation not permitted". */
export function strerror(code: number): string {
  const p = coreLibc().strerror(code);
  return p === null ? `errno ${code}` : Deno.UnsafePointerView.getCString(p);
}
