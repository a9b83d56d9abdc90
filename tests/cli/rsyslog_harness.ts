/**
 * A real Debian rsyslogd for tests: started in the foreground with a config
 * of the test's own in a temp directory, listening on 127.0.0.1 only (TCP,
 * optionally TLS through the gtls driver) or on a unix socket there, and
 * writing each received message to a file. Only the process started here is
 * ever signalled.
 */
import { exists } from "../fs_helpers.ts";

/** Whether rsyslogd is installed. */
export const HAS_RSYSLOG = exists("/usr/sbin/rsyslogd");

/** Whether rsyslog's GnuTLS driver (package rsyslog-gnutls) is installed. */
export const HAS_GTLS = [
  "/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so",
  "/usr/lib/aarch64-linux-gnu/rsyslog/lmnsd_gtls.so",
  "/usr/lib/rsyslog/lmnsd_gtls.so",
].some(exists);

/** Whether openssl is installed (to make test certificates). */
export const HAS_OPENSSL = exists("/usr/bin/openssl");

/** TLS files for the receiver (PEM paths). */
export interface ReceiverTls {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/** Options of {@linkcode Rsyslog.start}. */
export interface RsyslogOptions {
  /** A directory of the test's own (config, pid file, received file). */
  readonly dir: string;
  /** Listen on this TCP port (default: a free one); ignored with `unixSocket`. */
  readonly port?: number;
  /** TLS (gtls driver), requiring a client certificate signed by `ca`. */
  readonly tls?: ReceiverTls;
  /** Listen on this unix datagram socket instead of TCP. */
  readonly unixSocket?: string;
}

/** A free TCP port on 127.0.0.1 (bound and released). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** A running rsyslogd of the test's own. */
export class Rsyslog {
  readonly dir: string;
  readonly port: number;
  readonly received: string;
  readonly #options: RsyslogOptions;
  #child: Deno.ChildProcess | undefined;

  private constructor(options: RsyslogOptions) {
    this.#options = options;
    this.dir = options.dir;
    this.port = options.port ?? freePort();
    this.received = `${options.dir}/received.log`;
  }

  /** Writes the config and starts rsyslogd; resolves once it accepts messages. */
  static async start(options: RsyslogOptions): Promise<Rsyslog> {
    const r = new Rsyslog(options);
    await r.startAgain();
    return r;
  }

  #config(): string {
    const o = this.#options;
    const lines = [
      `global(workDirectory="${this.dir}" maxMessageSize="256k"`,
      ...(o.tls === undefined ? [] : [
        `  DefaultNetstreamDriverCAFile="${o.tls.ca}"`,
        `  DefaultNetstreamDriverCertFile="${o.tls.cert}"`,
        `  DefaultNetstreamDriverKeyFile="${o.tls.key}"`,
      ]),
      ")",
    ];
    if (o.unixSocket !== undefined) {
      lines.push(
        'module(load="imuxsock" SysSock.Use="off")',
        `input(type="imuxsock" Socket="${o.unixSocket}" RateLimit.Interval="0" UseSpecialParser="off")`,
      );
    } else if (o.tls !== undefined) {
      lines.push(
        'module(load="imtcp" StreamDriver.Name="gtls" StreamDriver.Mode="1" ' +
          'StreamDriver.AuthMode="x509/certvalid")',
        `input(type="imtcp" port="${this.port}" address="127.0.0.1")`,
      );
    } else {
      lines.push(
        'module(load="imtcp")',
        `input(type="imtcp" port="${this.port}" address="127.0.0.1")`,
      );
    }
    lines.push(
      'template(name="t" type="string" string="%app-name% %hostname% %syslogfacility-text% ' +
        '%syslogseverity-text% %procid% %msg%\\n")',
      `action(type="omfile" file="${this.received}" template="t")`,
    );
    return lines.join("\n") + "\n";
  }

  /** Starts rsyslogd (again, after {@linkcode Rsyslog.stop}). */
  async startAgain(): Promise<void> {
    const conf = `${this.dir}/rsyslog.conf`;
    Deno.writeTextFileSync(conf, this.#config());
    this.#child = new Deno.Command("/usr/sbin/rsyslogd", {
      args: ["-n", "-f", conf, "-i", `${this.dir}/rsyslogd.pid`],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    const socket = this.#options.unixSocket;
    for (let i = 0; i < 200; i++) {
      if (socket !== undefined) {
        try {
          if (Deno.statSync(socket).isSocket) return;
        } catch {
          // not yet
        }
      } else if (await this.#listening()) {
        return;
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    await this.stop();
    throw new Error("rsyslogd did not start listening");
  }

  async #listening(): Promise<boolean> {
    // /proc/net/tcp: a LISTEN (0A) socket on 127.0.0.1:port, without connecting to it.
    const hex = this.port.toString(16).toUpperCase().padStart(4, "0");
    const table = await Deno.readTextFile("/proc/net/tcp");
    return table.split("\n").some((l) => {
      const f = l.trim().split(/\s+/);
      return f[1] === `0100007F:${hex}` && f[3] === "0A";
    });
  }

  /** Stops the rsyslogd started here (SIGCONT if paused, SIGTERM) and waits for it to exit. */
  async stop(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    this.#child = undefined;
    try {
      child.kill("SIGCONT");
      child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await child.status;
  }

  /** Pauses (SIGSTOP) or resumes (SIGCONT) the rsyslogd started here. */
  signal(signal: "SIGSTOP" | "SIGCONT"): void {
    this.#child?.kill(signal);
  }

  /** The received lines so far. */
  lines(): string[] {
    try {
      return Deno.readTextFileSync(this.received).split("\n").filter((l) => l !== "");
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return [];
      throw error;
    }
  }

  /** Waits until `count` lines were received (or `ms` passed); returns the lines. */
  async waitFor(count: number, ms = 10_000): Promise<string[]> {
    const end = Date.now() + ms;
    let lines = this.lines();
    while (lines.length < count && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 25));
      lines = this.lines();
    }
    return lines;
  }
}

/**
 * Runs `fn` with an rsyslogd of its own in a fresh temporary directory, then
 * stops it and removes the directory whatever `fn` did. `setup` gives the
 * receiver's options that need the directory (certificates, socket path).
 */
export async function withRsyslog(
  fn: (rsyslog: Rsyslog, dir: string) => Promise<void>,
  setup: (dir: string) => Promise<Omit<RsyslogOptions, "dir">> | Omit<RsyslogOptions, "dir"> =
    () => ({}),
): Promise<void> {
  const dir = Deno.makeTempDirSync({ prefix: "libaudit-rsyslog-" });
  let rsyslog: Rsyslog | undefined;
  try {
    rsyslog = await Rsyslog.start({ dir, ...await setup(dir) });
    await fn(rsyslog, dir);
  } finally {
    await rsyslog?.stop();
    Deno.removeSync(dir, { recursive: true });
  }
}

/** Makes a CA, a server certificate for 127.0.0.1/localhost and a client certificate in `dir`. */
export async function makeCertificates(dir: string): Promise<{
  ca: string;
  server: { cert: string; key: string };
  client: { cert: string; key: string };
  otherCa: string;
}> {
  const run = async (args: string[]) => {
    const out = await new Deno.Command("/usr/bin/openssl", {
      args,
      cwd: dir,
      stdout: "null",
      stderr: "piped",
    })
      .output();
    if (!out.success) {
      throw new Error(`openssl ${args[0]}: ${new TextDecoder().decode(out.stderr)}`);
    }
  };
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  for (const ca of ["ca", "other-ca"]) {
    await run([
      "req",
      "-x509",
      ...ec,
      "-keyout",
      `${ca}-key.pem`,
      "-out",
      `${ca}.pem`,
      "-days",
      "2",
      "-subj",
      `/CN=libaudit test ${ca}`,
    ]);
  }
  for (
    const [name, usage, san] of [
      ["server", "serverAuth", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
      ["client", "clientAuth", "subjectAltName=DNS:client.test"],
    ] as const
  ) {
    await run([
      "req",
      ...ec,
      "-keyout",
      `${name}-key.pem`,
      "-out",
      `${name}.csr`,
      "-subj",
      `/CN=${name}`,
    ]);
    Deno.writeTextFileSync(
      `${dir}/${name}.ext`,
      `${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=${usage}\n`,
    );
    await run([
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca-key.pem",
      "-CAcreateserial",
      "-out",
      `${name}-cert.pem`,
      "-days",
      "2",
      "-extfile",
      `${name}.ext`,
    ]);
  }
  return {
    ca: `${dir}/ca.pem`,
    otherCa: `${dir}/other-ca.pem`,
    server: { cert: `${dir}/server-cert.pem`, key: `${dir}/server-key.pem` },
    client: { cert: `${dir}/client-cert.pem`, key: `${dir}/client-key.pem` },
  };
}
