/**
 * The option sets the search tests run through both `libaudit search` and
 * ausearch, and a helper to run each.
 *
 * @module
 */
import { runSearch } from "../../cli/commands/search.ts";

/** ausearch option sets (each a shell-like word list). */
export const OPTION_SETS: string[][] = [
  [],
  ["--format", "default"],
  ["-r"],
  ["--format", "raw"],
  ["-k", "net"],
  ["-k", "ex"],
  ["-w", "-k", "ex"],
  ["-k", "exec", "-w"],
  ["-k", "null"],
  ["-k", "secrets"],
  ["-k", "access", "-w"],
  ["-f", "/etc"],
  ["-f", "/etc/passwd", "-w"],
  ["-f", "/dev/log"],
  ["-f", "tmp"],
  ["-f", "shadow"],
  ["-f", "/home/bob/../../etc/shadow", "-w"],
  ["-x", "/usr/sbin/useradd"],
  ["-x", "useradd"],
  ["-x", "useradd", "-w"],
  ["-c", "su"],
  ["-c", "useradd", "-w"],
  ["-c", "my comm"],
  ["-m", "SYSCALL"],
  ["-m", "ADD_USER,ADD_GROUP"],
  ["-m", "USER_START", "-m", "USER_END"],
  ["-m", "PATH"],
  ["-m", "1300"],
  ["-m", "ALL"],
  ["-ui", "0"],
  ["-ui", "root"],
  ["-ui", "1000"],
  ["-ue", "0"],
  ["-ua", "0"],
  ["-ua", "root"],
  ["-ul", "0"],
  ["-ul", "1000"],
  ["-ul", "-1"],
  ["-ul", "4294967295"],
  ["-ua", "root", "-ui", "1000"],
  ["-ui", "root", "-ui", "1000"],
  ["-ue", "root", "-ue", "1000"],
  ["-ua", "0", "-ui", "1000"],
  ["-ul", "root", "-ul", "1000"],
  ["-ga", "0", "-gi", "1000"],
  ["-gi", "0"],
  ["-ge", "0"],
  ["-ga", "0"],
  ["-p", "29192"],
  ["-p", "501"],
  ["-pp", "29163"],
  ["-sc", "42"],
  ["-sc", "connect"],
  ["-sc", "execve"],
  ["-sv", "yes"],
  ["-sv", "no"],
  ["-e", "-2"],
  ["-e", "ENOENT"],
  ["-e", "-ENOENT"],
  ["-e", "-EACCES"],
  ["-e", "0"],
  ["-a", "100261"],
  ["-a", "9251"],
  ["-a", "201"],
  ["--session", "4294967295"],
  ["--session", "5"],
  ["-tm", "pts"],
  ["-tm", "(none)"],
  ["-hn", "?"],
  ["-hn", "72.83"],
  ["-hn", "10.1.2.3"],
  ["-hn", "192.168.1.1"],
  ["-hn", "2001:db8::1"],
  ["-n", "web1"],
  ["-n", "web1", "-n", "web2"],
  ["--arch", "b64"],
  ["--arch", "b32"],
  ["--arch", "x86_64"],
  ["-te", "11/25/26", "01:35:04"],
  ["-ts", "11/25/26", "01:35:05"],
  ["-ts", "01:35:04", "11/25/26", "-te", "11/25/26", "01:35:05"],
  ["-ts", "11/25/26", "01:26:43", "-te", "11/25/26", "01:26:45"],
  ["-te", "11/25/26"],
  ["-ts", "11/25/26"],
  ["-ts", "today"],
  ["-ts", "recent"],
  ["-te", "now"],
  ["-ts", "this-year"],
  ["-ts", "week-ago"],
  ["--just-one"],
  ["--just-one", "-r"],
  ["-k", "net", "--just-one"],
  ["-se", "unconfined"],
  ["-su", "unconfined"],
  ["-o", "shadow_t"],
  ["-se", "systemd_unit"],
  ["-uu", "x"],
  ["-vm", "x"],
  ["--escape", "raw"],
  ["--escape", "tty"],
  ["--escape", "shell"],
  ["--escape", "shell_quote"],
  ["-k", "nosuchkey"],
  ["-k", "nosuchkey", "-r"],
  ["-x", "/bin/su", "-sv", "yes"],
  ["-ui", "0", "-k", "net", "-sc", "42", "-sv", "no"],
  ["--eoe-timeout", "5"],
  ["--eoe-timeout", "1", "-r"],
  ["-l"],
  ["--debug"],
  ["-i"],
  ["-i", "-k", "net"],
  ["--format", "interpret", "-m", "SYSCALL"],
  ["-i", "-ui", "root"],
  ["-i", "--escape", "raw"],
  ["-i", "x"],
  ["--format", "csv"],
  ["--format", "text"],
  ["--format", "csv", "--extra-keys", "--extra-time", "--extra-labels", "--extra-obj2"],
  ["--format", "text", "-k", "net"],
  ["--format", "csv", "-m", "USER_LOGIN", "--escape", "shell"],
  ["--extra-keys"],
  ["-m", "NOPE"],
  ["-sv", "maybe"],
  ["-a", "x"],
  ["-zz"],
  ["-k"],
  ["-ts"],
  ["-ts", "11/25/2026x"],
  ["--format", "raw", "-i"],
  ["-r", "--format", "raw"],
];

/**
 * Command lines ausearch refuses or reads in a way that is easy to get wrong
 * (C's strtoul/strtol into 32 bits, libaudit 3.0.9's names): stdout, stderr
 * and the exit status are compared.
 */
export const OPTION_ERRORS: string[][] = [
  ["-e", "EDEADLOCK"],
  ["-e", "edeadlock"],
  ["-e", "ENOTSUP"],
  ["-ui", "18446744073709551615"],
  ["-ui", "18446744073709551616"],
  ["-gi", "18446744073709551616"],
  ["-ul", "-99999999999999999999"],
  ["-a", "4294967295"],
  ["-p", "18446744073709551616"],
  ["-sc", "4294967295"],
  ["-sc", "18446744073709551616"],
  ["-sc", "EXECVE"],
  ["-e", "18446744073709551615"],
  ["-e", "-010"],
  ["--session", "18446744073709551616"],
  ["--eoe-timeout", "4294967296"],
  ["-m", "syscall"],
  ["-m", "FOO"],
  ["-m", "DM_CTRL"],
  ["-m", "unknown[1300]"],
  ["-m", "UNKNOWN[ 1300]"],
  ["-m", "99999999999999999999"],
  ["-m"],
  ["--arch", "c000003e"],
  ["--arch", "X86_64"],
  ["--arch", "3e"],
  ["--format", "text", "--extra-keys", "-i"],
  ["--extra-time", "-p", "x"],
  ["--format", "csv", "-i", "x"],
  ["-i", "-r", "x"],
  ["-if", "/etc/passwd/x"],
  ["-if", `/tmp/${"a".repeat(4100)}`],
  ["-ts", "13/01/26"],
  ["-ts", "1:2:3"],
  ["-te", "12:00:00:00"],
];

/** What one run produced. */
export interface RunResult {
  readonly stdout: string;
  readonly code: number;
  /** What went to stderr (console.error here; ausearch's file descriptor 2). */
  readonly stderr: string;
}

/** Runs ausearch (stdin from /dev/null, as a cron job would). */
export async function ausearch(args: string[], tz: string): Promise<RunResult> {
  const out = await new Deno.Command("ausearch", {
    args,
    env: { TZ: tz, LC_ALL: "C" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { stdout: text.decode(out.stdout), code: out.code, stderr: text.decode(out.stderr) };
}

/** Runs `libaudit search` in this process under `tz`. */
export async function search(
  args: string[],
  tz: string,
  ausearchSplits = false,
): Promise<RunResult> {
  Deno.env.set("TZ", tz);
  let stdout = "";
  let stderr = "";
  const error = console.error;
  console.error = (...data: unknown[]) => stderr += data.join(" ") + "\n";
  try {
    const code = await runSearch(args, {
      write: (t) => stdout += t,
      stdinIsPipe: false,
      ausearchSplits,
    });
    return { stdout, code, stderr };
  } finally {
    console.error = error;
  }
}

/** Whether ausearch is installed. */
export function haveAusearch(): boolean {
  try {
    new Deno.Command("ausearch", { args: ["-v"], stdout: "null", stderr: "null" }).outputSync();
    return true;
  } catch {
    return false;
  }
}
