/**
 * The connections a syslog output sends over: TCP with octet counting
 * (RFC 6587), TLS (RFC 5425) and a local unix datagram socket (`/dev/log`).
 * {@linkcode parseSyslogAddress} reads the `tcp://`, `tls://` and `unix://`
 * addresses; {@linkcode connector} makes the function that opens one.
 *
 * @module
 */
import { UnixDatagramSocket } from "../../sys/unix_datagram.ts";

/** Where syslog messages go. */
export type SyslogAddress =
  | { readonly transport: "tcp" | "tls"; readonly hostname: string; readonly port: number }
  | { readonly transport: "unix"; readonly path: string };

/** A syslog address that cannot be used. */
export class SyslogAddressError extends RangeError {
  /** The address given. */
  readonly address: string;
  /** Creates the error. */
  constructor(address: string, why: string) {
    super(`syslog address '${address}': ${why}`);
    this.name = "SyslogAddressError";
    this.address = address;
  }
}

/**
 * Reads `tcp://HOST:PORT`, `tls://HOST:PORT` (IPv6 as `[::1]:6514`) or
 * `unix:///dev/log`; throws {@linkcode SyslogAddressError}.
 */
export function parseSyslogAddress(address: string): SyslogAddress {
  const unix = /^unix:\/\/(\/.*)$/.exec(address);
  if (unix) return { transport: "unix", path: unix[1]! };
  const net = /^(tcp|tls):\/\/(\[[0-9a-fA-F:.]+\]|[^\s/:[\]]+):(\d{1,5})$/.exec(address);
  if (!net) {
    throw new SyslogAddressError(
      address,
      "expected tcp://HOST:PORT, tls://HOST:PORT or unix:///PATH",
    );
  }
  const port = Number(net[3]);
  if (port < 1 || port > 65535) throw new SyslogAddressError(address, "port out of range");
  const host = net[2]!;
  return {
    transport: net[1] as "tcp" | "tls",
    hostname: host.startsWith("[") ? host.slice(1, -1) : host,
    port,
  };
}

/** The address written back as text. */
export function formatSyslogAddress(address: SyslogAddress): string {
  if (address.transport === "unix") return `unix://${address.path}`;
  const host = address.hostname.includes(":") ? `[${address.hostname}]` : address.hostname;
  return `${address.transport}://${host}:${address.port}`;
}

/**
 * One open connection. Stream transports take a byte stream of framed
 * messages (`write` may take part of it); datagram transports take exactly
 * one message per `write`.
 */
export interface SyslogConnection {
  /** Whether each `write` is one whole message (datagram) rather than part of a stream. */
  readonly datagram: boolean;
  /** Writes bytes (or one datagram); rejects when the connection is broken. */
  write(bytes: Uint8Array): Promise<number>;
  /** Resolves (never rejects) once the peer closed or reset the connection. */
  readonly lost: Promise<void>;
  /** Closes the connection (idempotent). */
  close(): void;
}

/** Files read for a TLS connection (PEM text). */
export interface TlsFiles {
  /** CA certificates the server's certificate must chain to (PEM). */
  readonly ca?: string;
  /** Client certificate chain (PEM), with `key`. */
  readonly cert?: string;
  /** Client private key (PEM), with `cert`. */
  readonly key?: string;
}

/** Makes the function that opens a connection to `address`. */
export function connector(
  address: SyslogAddress,
  tls: TlsFiles = {},
): () => Promise<SyslogConnection> {
  switch (address.transport) {
    case "tcp":
      return async () =>
        streamConnection(
          await Deno.connect({ hostname: address.hostname, port: address.port }),
        );
    case "tls":
      return async () =>
        streamConnection(
          await Deno.connectTls({
            hostname: address.hostname,
            port: address.port,
            ...(tls.ca === undefined ? {} : { caCerts: [tls.ca] }),
            ...(tls.cert === undefined ? {} : { cert: tls.cert }),
            ...(tls.key === undefined ? {} : { key: tls.key }),
          }),
        );
    case "unix":
      return () => Promise.resolve(datagramConnection(address.path));
  }
}

/**
 * A TCP or TLS connection. The receiver never sends anything in syslog, so
 * a read that ends (EOF or error) means the peer went away: `lost` resolves
 * and the sender stops writing into a dead connection.
 */
function streamConnection(conn: Deno.Conn): SyslogConnection {
  let closed = false;
  const lost = (async () => {
    const buffer = new Uint8Array(512);
    try {
      while ((await conn.read(buffer)) !== null) {
        // Data from a syslog receiver is not expected; ignore it.
      }
    } catch {
      // reset or closed by us
    }
  })();
  if ("setNoDelay" in conn) (conn as Deno.TcpConn).setNoDelay(true);
  return {
    datagram: false,
    write: (bytes) => conn.write(bytes),
    lost,
    close() {
      if (closed) return;
      closed = true;
      try {
        conn.close();
      } catch {
        // already closed
      }
    },
  };
}

/** How long a datagram sender waits before trying again when the receiver's queue is full. */
const DATAGRAM_RETRY_MS = 5;

/** A unix datagram socket sending to `path` (`/dev/log`). */
function datagramConnection(path: string): SyslogConnection {
  const socket = new UnixDatagramSocket(path);
  let closed = false;
  let markLost: () => void = () => {};
  const lost = new Promise<void>((resolve) => markLost = resolve);
  return {
    datagram: true,
    async write(bytes) {
      // A full receive queue (EAGAIN) is waited out; a missing or refusing
      // receiver rejects, and the sender reconnects with backoff.
      while (!socket.send(bytes)) {
        if (closed) throw new Deno.errors.BrokenPipe("closed");
        await new Promise((r) => setTimeout(r, DATAGRAM_RETRY_MS));
      }
      return bytes.length;
    },
    lost,
    close() {
      if (closed) return;
      closed = true;
      socket.close();
      markLost();
    },
  };
}
