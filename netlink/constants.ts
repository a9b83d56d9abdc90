/**
 * Numbers from `<linux/netlink.h>`, `<linux/audit.h>`, `<sys/socket.h>` and
 * `<errno.h>` that the netlink client uses.
 *
 * @module
 */

/** `AF_NETLINK`: the netlink address family. */
export const AF_NETLINK = 16;
/** `SOCK_RAW`: netlink sockets are raw datagram sockets. */
export const SOCK_RAW = 3;
/** `SOCK_NONBLOCK`: open the socket in non-blocking mode. */
export const SOCK_NONBLOCK = 0o4000;
/** `SOCK_CLOEXEC`: close the socket on exec. */
export const SOCK_CLOEXEC = 0o2000000;
/** `NETLINK_AUDIT`: the audit netlink protocol. */
export const NETLINK_AUDIT = 9;
/** `SOL_SOCKET`: socket-level options. */
export const SOL_SOCKET = 1;
/** `SO_RCVBUF`: receive buffer size (capped by net.core.rmem_max). */
export const SO_RCVBUF = 8;
/** `SO_RCVBUFFORCE`: receive buffer size beyond rmem_max (needs CAP_NET_ADMIN). */
export const SO_RCVBUFFORCE = 33;
/** `MSG_DONTWAIT`: a non-blocking receive. */
export const MSG_DONTWAIT = 0x40;
/** `POLLIN`: data to read. */
export const POLLIN = 0x1;
/** `EFD_NONBLOCK | EFD_CLOEXEC` flags for `eventfd`. */
export const EFD_NONBLOCK_CLOEXEC = 0o4000 | 0o2000000;

/** `NLM_F_REQUEST`: a request message. */
export const NLM_F_REQUEST = 0x1;
/** `NLM_F_ACK`: ask for an acknowledgement. */
export const NLM_F_ACK = 0x4;
/** `NLMSG_NOOP`: ignored. */
export const NLMSG_NOOP = 1;
/** `NLMSG_ERROR`: an error or, with errno 0, an acknowledgement. */
export const NLMSG_ERROR = 2;
/** `NLMSG_DONE`: the end of a multipart reply. */
export const NLMSG_DONE = 3;
/** `NLMSG_OVERRUN`: data lost. */
export const NLMSG_OVERRUN = 4;
/** Size of `struct nlmsghdr`. */
export const NLMSG_HDRLEN = 16;

/**
 * The netlink request and record types the client sends and reads
 * (`AUDIT_GET`, `AUDIT_SET`, `AUDIT_USER`, `AUDIT_LOGIN`, rules, features and
 * `AUDIT_REPLACE`, the kernel's "are you alive" to the registered daemon,
 * whose payload is a binary u32 pid): one definition, `parse/`'s generated
 * record-type constants.
 */
export {
  AUDIT_ADD_RULE,
  AUDIT_DEL_RULE,
  AUDIT_GET,
  AUDIT_GET_FEATURE,
  AUDIT_LIST_RULES,
  AUDIT_LOGIN,
  AUDIT_REPLACE,
  AUDIT_SET,
  AUDIT_USER,
} from "../parse/tables/record_type_constants.ts";
/** `AUDIT_NLGRP_READLOG`: the read-only multicast group. */
export const AUDIT_NLGRP_READLOG = 1;

/** `AUDIT_STATUS_*` bits of `struct audit_status.mask`. */
export const AUDIT_STATUS = {
  ENABLED: 0x1,
  FAILURE: 0x2,
  PID: 0x4,
  RATE_LIMIT: 0x8,
  BACKLOG_LIMIT: 0x10,
  BACKLOG_WAIT_TIME: 0x20,
  LOST: 0x40,
  BACKLOG_WAIT_TIME_ACTUAL: 0x80,
} as const;

/** errno values the client handles by number. */
export const ERRNO = {
  EPERM: 1,
  EINTR: 4,
  EBADF: 9,
  EAGAIN: 11,
  EEXIST: 17,
  EINVAL: 22,
  EPROTONOSUPPORT: 93,
  ENOBUFS: 105,
  ETIMEDOUT: 110,
  ECONNREFUSED: 111,
} as const;
