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

/** `AUDIT_GET`: get the status. */
export const AUDIT_GET = 1000;
/** `AUDIT_SET`: set status fields (enabled, failure, pid, ...). */
export const AUDIT_SET = 1001;
/** `AUDIT_USER`: a user-space message (`auditctl -m`), logged by the kernel with this type. */
export const AUDIT_USER = 1005;
/** `AUDIT_LOGIN`: the kernel's record of a login uid change. */
export const AUDIT_LOGIN = 1006;
/** `AUDIT_ADD_RULE`: add a rule (`struct audit_rule_data`). */
export const AUDIT_ADD_RULE = 1011;
/** `AUDIT_DEL_RULE`: delete a rule (`struct audit_rule_data`). */
export const AUDIT_DEL_RULE = 1012;
/** `AUDIT_LIST_RULES`: list the rules (one reply per rule, then `NLMSG_DONE`). */
export const AUDIT_LIST_RULES = 1013;
/** `AUDIT_GET_FEATURE`: get the `struct audit_features`. */
export const AUDIT_GET_FEATURE = 1019;
/**
 * `AUDIT_REPLACE`: the kernel asks the registered daemon whether it is still
 * alive because another process wants to register; the payload is that
 * process's pid as a binary u32, not text.
 */
export const AUDIT_REPLACE = 1329;
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
