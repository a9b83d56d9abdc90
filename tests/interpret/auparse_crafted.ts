/**
 * Crafted logs for the auparse tests: one record per event exercising each
 * interpreter (`craftedLog`), and multi-record events for the normalizer
 * (`craftedEvents`).
 *
 * @module
 */

let serial = 1000;

function sc(syscall: number, args: string[], arch = "c000003e", extra = ""): string {
  const a = [...args, "0", "0", "0", "0"].slice(0, 4);
  return `type=SYSCALL msg=audit(1795570504.898:${serial++}): arch=${arch} syscall=${syscall} ` +
    `success=yes exit=0 a0=${a[0]} a1=${a[1]} a2=${a[2]} a3=${a[3]} items=0 ppid=1 pid=2 ` +
    `auid=1001 uid=0 gid=0 euid=65534 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ` +
    `ses=3 comm="x" exe="/bin/x"${extra} key=(null)`;
}

function rec(type: string, body: string): string {
  return `type=${type} msg=audit(1795570504.898:${serial++}): ${body}`;
}

/** A crafted log: one record per event, each exercising an interpreter. */
export function craftedLog(): string {
  serial = 1000;
  const L: string[] = [
    sc(2, ["7ffd", "80241", "1a4"]), // open O_CREAT: a2 mode
    sc(2, ["7ffd", "0"]),
    sc(257, ["ffffff9c", "7ffd", "80000"]),
    sc(257, ["3", "7ffd", "c2", "1b6"]),
    sc(41, ["2", "80801", "6"]), // socket inet SOCK_STREAM|… tcp
    sc(41, ["a", "2", "11"]),
    sc(41, ["10", "3", "9"]),
    sc(41, ["63", "ff", "fe"]),
    sc(56, ["1200011", "0", "0"]), // clone
    sc(56, ["0", "0", "3d0f00"]),
    sc(9, ["0", "1000", "7", "22"]), // mmap
    sc(9, ["0", "1000", "0", "802"]),
    sc(10, ["7f00", "1000", "5"]), // mprotect
    sc(16, ["1", "5401"]), // ioctl TCGETS
    sc(16, ["1", "deadbeef"]),
    sc(157, ["16", "1"]), // prctl PR_SET_SECCOMP?
    sc(157, ["17", "15"]), // PR_CAPBSET_READ cap
    sc(157, ["1", "9"]), // PR_SET_PDEATHSIG SIGKILL
    sc(157, ["ffff", "9"]),
    sc(101, ["10", "5"]), // ptrace
    sc(101, ["7777", "5"]),
    sc(72, ["3", "2", "1"]), // fcntl F_SETFD FD_CLOEXEC
    sc(72, ["3", "8", "3e9"]), // F_SETOWN uid
    sc(72, ["3", "406", "0"]),
    sc(72, ["3", "999", "0"]),
    sc(8, ["3", "0", "2"]), // lseek SEEK_END
    sc(8, ["3", "0", "9"]),
    sc(144, ["0", "40000001"]), // sched_setscheduler
    sc(144, ["0", "f"]),
    sc(54, ["3", "1", "2"]), // setsockopt SOL_SOCKET SO_REUSEADDR
    sc(54, ["3", "6", "1"]), // TCP_NODELAY
    sc(54, ["3", "0", "1"]), // IP_TOS
    sc(54, ["3", "29", "1a"]), // IPV6
    sc(55, ["3", "11", "1"]), // UDP_CORK
    sc(55, ["3", "107", "1"]), // SOL_PACKET
    sc(55, ["3", "84", "1"]),
    sc(55, ["3", "1", "999"]),
    sc(62, ["1", "f"]), // kill SIGTERM
    sc(62, ["1", "40"]),
    sc(200, ["1", "9"]),
    sc(234, ["1", "2", "13"]),
    sc(13, ["11", "0"]), // rt_sigaction SIGCHLD
    sc(135, ["40008"]), // personality
    sc(135, ["ffff"]),
    sc(272, ["20000000"]), // unshare
    sc(308, ["3", "40000000"]), // setns
    sc(166, ["7ffd", "3"]), // umount2
    sc(165, ["0", "7ffd", "7ffe", "100f"]), // mount
    sc(21, ["7ffd", "0"]), // access F_OK
    sc(21, ["7ffd", "6"]),
    sc(269, ["ffffff9c", "7ffd", "4"]), // faccessat
    sc(268, ["ffffff9c", "7ffd", "9ed"]), // fchmodat
    sc(258, ["5", "7ffd", "1ff"]), // mkdirat
    sc(259, ["ffffff9c", "7ffd", "21b6"]), // mknodat
    sc(133, ["7ffd", "61a4"]), // mknod
    sc(90, ["7ffd", "c1ed"]), // chmod
    sc(91, ["3", "1a4"]),
    sc(92, ["7ffd", "3e9", "3e9"]), // chown
    sc(93, ["3", "0", "0"]),
    sc(94, ["7ffd", "fffe", "ffffffff"]),
    sc(105, ["3e9"]), // setuid
    sc(106, ["0"]),
    sc(113, ["ffffffff", "0"]),
    sc(117, ["0", "3e9", "fffe"]),
    sc(119, ["0", "3e9", "12345"]),
    sc(122, ["ffffffff"]),
    sc(45, ["3", "7ffd", "100", "40"]), // recvfrom
    sc(44, ["3", "7ffd", "100", "4000"]),
    sc(46, ["3", "7ffd", "40", "0"]),
    sc(47, ["3", "7ffd", "2", "0"]),
    sc(233, ["3", "1", "4"]), // epoll_ctl
    sc(233, ["3", "9", "4"]),
    sc(29, ["0", "1000", "3b6"]), // shmget
    sc(29, ["0", "1000", "7a4"]),
    sc(321, ["5"]), // bpf
    sc(321, ["99"]),
    sc(231, ["0"]), // exit_group
    sc(60, ["1"]),
    sc(60, ["7"]),
    sc(227, ["1"]), // clock_settime
    sc(227, ["9"]),
    sc(160, ["7"]), // setrlimit
    sc(97, ["20"]),
    sc(240, ["7ffd", "c2", "1a4"]), // mq_open
    sc(85, ["7ffd", "1ed"]), // creat
    sc(264, ["ffffff9c", "7ffd", "5", "7ffe"]), // renameat
    sc(263, ["ffffff9c", "7ffd", "200"]), // unlinkat
    sc(265, ["ffffff9c", "7ffd", "ffffff9c", "7ffe"]), // linkat
    sc(267, ["ffffff9c", "7ffd"]),
    sc(262, ["ffffff9c", "7ffd"]),
    sc(437, ["ffffff9c", "7ffd"]),
    sc(99999, ["1", "2"]),
    sc(102, ["1", "ffd0"], "40000003"), // i386 socketcall(socket)
    sc(102, ["99", "ffd0"], "40000003"),
    sc(117, ["17", "1"], "40000003"), // i386 ipc
    sc(5, ["ffd0", "8241", "1a4"], "40000003"),
    sc(56, ["ffffff9c", "7ffd", "241", "1b6"], "c00000b7"), // aarch64 openat
    sc(5, ["1", "2"], "40000028"), // arm open
    sc(5, ["1", "2"], "14"), // ppc
    sc(5, ["1", "2"], "12345678"), // unknown arch
    sc(105, ["3e8"], "12345678"), // unknown arch: the next fields use the host machine
    sc(59, ["1", "2"], "c000003e", " exit=-13"),
    sc(2, ["1", "2"], "c000003e", " exit=-200"),
    rec(
      "SECCOMP",
      'auid=1001 uid=0 gid=0 ses=3 pid=1 comm="x" exe="/bin/x" sig=31 arch=c000003e syscall=2 compat=0 ip=0x1 code=0x80000000',
    ),
    rec(
      "SECCOMP",
      'auid=1001 uid=0 gid=0 ses=3 pid=1 comm="x" sig=0 arch=c000003e syscall=59 compat=0 ip=0x1 code=0x7ffc0000',
    ),
    rec("SECCOMP", "auid=1001 uid=0 sig=0 arch=c000003e syscall=59 code=0x50001"),
    rec(
      "PATH",
      'item=0 name="/etc/passwd" inode=1 dev=fe:00 mode=0104755 ouid=1001 ogid=65534 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=ffffffffff cap_fe=1 cap_fver=2 cap_frootid=0',
    ),
    rec(
      "PATH",
      "item=1 name=2F746D702F61206220 inode=1 dev=fe:00 mode=060660 ouid=12345 ogid=4294967295 rdev=00:00 nametype=CREATE",
    ),
    rec("PATH", "item=0 name=(null) mode=0140777 ouid=0 ogid=0 flags=3"),
    rec("PATH", 'item=0 name="x" mode=0170777 flags=0'),
    rec("PATH", 'item=0 name="x" mode=0201777 flags=100'),
    rec("CWD", "cwd=2F746D702F782079"),
    rec("PROCTITLE", "proctitle=2F62696E2F7368002D63006563686F2068690A"),
    rec("PROCTITLE", 'proctitle="bash"'),
    rec("PROCTITLE", "proctitle=6C7300"),
    rec("EXECVE", 'argc=3 a0="ls" a1=2D6C61 a2="/tmp"'),
    rec("EXECVE", 'argc=1 a0_len=5 a0[0]=6162 a0[1]="cde"'),
    rec("CONFIG_CHANGE", 'auid=1001 ses=3 op=add_rule key="k1" list=4 res=1'),
    rec(
      "CONFIG_CHANGE",
      "auid=4294967295 ses=4294967295 op=remove_rule key=6B31016B32 list=2 res=0",
    ),
    rec("CONFIG_CHANGE", "op=set audit_enabled=1 old=1 auid=0 ses=1 res=yes list=9"),
    rec("ANOM_ABEND", 'auid=1001 uid=0 gid=0 ses=3 pid=1 comm="x" exe="/bin/x" sig=11 res=1'),
    rec("ANOM_PROMISCUOUS", "dev=eth0 prom=256 old_prom=0 auid=1001 uid=0 gid=0 ses=3"),
    rec("CAPSET", "pid=1 cap_pi=0 cap_pp=3fffffffff cap_pe=20 cap_pa=0"),
    rec(
      "BPRM_FCAPS",
      "fver=2 fp=1 fi=0 fe=1 old_pp=0 old_pi=0 old_pe=0 old_pa=0 pp=3000 pi=0 pe=3000 pa=0",
    ),
    rec(
      "USER_ACCT",
      'pid=1 uid=0 auid=1001 ses=3 subj=unconfined msg=\'op=PAM:accounting grantors=pam_unix acct="root" exe="/usr/sbin/cron" hostname=? addr=? terminal=cron res=success\'',
    ),
    rec(
      "USER_LOGIN",
      "pid=1 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=28696E76616C6964207573657229 exe=\"/usr/sbin/sshd\" hostname=? addr=10.0.0.1 terminal=sshd res=failed'",
    ),
    rec(
      "ADD_GROUP",
      "pid=1 uid=0 auid=1001 ses=3 msg='op=add-group id=1001 exe=\"/usr/sbin/groupadd\" hostname=? addr=? terminal=pts/0 res=success'",
    ),
    rec(
      "ADD_USER",
      "pid=1 uid=0 auid=1001 ses=3 msg='op=add-user id=65534 exe=\"/usr/sbin/useradd\" res=success'",
    ),
    rec(
      "USER_MGMT",
      "pid=1 uid=0 auid=1001 ses=3 msg='op=changing-uid id=1001 new-uid=0 old-auid=1001 inode_uid=0 iuid=3 obj_uid=1001 obj_gid=0 new_gid=65534 igid=0 res=success'",
    ),
    rec(
      "ACCT_LOCK",
      "pid=1 uid=0 auid=1001 ses=3 msg='op=lock id=65534 exe=\"/usr/bin/passwd\" res=success'",
    ),
    rec("USER_TTY", "pid=1 uid=0 auid=1001 ses=3 data=6C73202D6C0D1B5B417F"),
    rec(
      "TTY",
      'tty pid=1 uid=0 auid=1001 ses=3 major=136 minor=0 comm="bash" data=6563686F0D09225C',
    ),
    rec("NETFILTER_PKT", "mark=0x0 saddr=10.0.0.1 daddr=10.0.0.2 proto=6 sport=1 dport=2"),
    rec(
      "NETFILTER_CFG",
      'table=filter family=2 entries=4 op=xt_replace pid=1 subj=unconfined comm="iptables"',
    ),
    rec("NETFILTER_CFG", "table=nat family=99 entries=0 hook=1 action=2 macproto=0x0806"),
    rec("SOCKADDR", "saddr=02000035C0A80001"),
    rec("SOCKADDR", "saddr=020000357F0000010000000000000000"),
    rec("SOCKADDR", "saddr=0A0001BB00000000200108B8000000000000000000000001000000000000"),
    rec("SOCKADDR", "saddr=01002F72756E2F73797374656D642F6A6F75726E616C2F736F636B657400"),
    rec("SOCKADDR", "saddr=0100002F61627374726163740000"),
    rec("SOCKADDR", "saddr=100000000000000000000000"),
    rec("SOCKADDR", "saddr=2800"),
    rec("SOCKADDR", "saddr=09006162630000"),
    rec("SOCKADDR", "saddr=08000500"),
    rec(
      "AVC",
      'avc:  denied  { read } for  pid=1 comm="cat" name="shadow" dev="dm-0" ino=1 scontext=system_u:system_r:httpd_t:s0 tcontext=system_u:object_r:shadow_t:s0:c1,c2 tclass=file permissive=0',
    ),
    rec(
      "USER_AVC",
      'apparmor="DENIED" operation="open" profile="/usr/sbin/cupsd" name="/etc/x" pid=1 comm="cupsd" requested_mask="r" denied_mask="r" fsuid=0 ouid=1001',
    ),
    rec(
      "MAC_STATUS",
      "enforcing=1 old_enforcing=0 auid=1001 ses=3 enabled=1 old-enabled=1 lsm=selinux res=1",
    ),
    rec("MQ_OPEN", "oflag=0xc2 mode=0600 mq_flags=0x0 mq_maxmsg=10"),
    rec(
      "CRYPTO_KEY_USER",
      "pid=1 uid=0 auid=1001 ses=3 msg='op=destroy kind=server fp=SHA256:ab:cd direction=? spid=1 suid=0 exe=\"/usr/sbin/sshd\" res=success'",
    ),
    rec("KERN_MODULE", "name=6E665F7461626C6573"),
    rec("FANOTIFY", "resp=2 fan_type=0"),
    rec("FANOTIFY", "resp=1"),
    rec(
      "SERVICE_START",
      'pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\'unit=systemd-tmpfiles-clean comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? terminal=? res=success\'',
    ),
    rec(
      "USER_AVC",
      "pid=1 uid=0 auid=4294967295 ses=4294967295 msg='avc: received policyload notice (seqno=2) exe=\"/usr/lib/systemd/systemd\" sauid=0 hostname=? addr=? terminal=?'",
    ),
    rec("OBJ_PID", 'opid=1 oauid=1001 ouid=0 oses=3 obj=unconfined ocomm="bash"'),
    rec("KERNEL", "state=initialized audit_enabled=1 res=1"),
    rec(
      "LABEL_LEVEL_CHANGE",
      "pid=1 uid=0 auid=1001 ses=3 msg='banners=none,none default-context=s0 old-level=s0 new-level=s0-s1 res=success'",
    ),
    rec(
      "ROLE_ASSIGN",
      "pid=1 uid=0 auid=1001 ses=3 msg='op=login-sename,role,range acct=\"bob\" old-seuser=? new-role=r,r new-level=s0 res=success'",
    ),
    rec("URINGOP", "uring_op=1 success=yes exit=0 items=0 ppid=1 pid=2 uid=0 gid=0"),
    rec("OPENAT2", "oflag=0100101 mode=0600 resolve=0x1c"),
    rec(
      "TRUSTED_APP",
      "pid=1 uid=0 auid=1001 ses=3 msg='op=test tid=1234 t=\"quoted\" h=616263 z=not-hex'",
    ),
    rec(
      "USER_CMD",
      "pid=1 uid=0 auid=1001 ses=3 msg='cwd=\"/root\" cmd=6C73202D6C terminal=pts/0 res=success'",
    ),
    rec(
      "VIRT_MACHINE_ID",
      'pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\'virt=kvm vm="guest" uuid=1 vm-ctx=svirt_t:s0:c1,c2 img-ctx=svirt_image_t:s0:c1,c2 model=selinux exe="/usr/sbin/libvirtd" res=success\'',
    ),
    rec("NETFILTER_PKT", "mark=0x0 saddr=::1 daddr=::1 proto=58 icmptype=128"),
    rec("UNKNOWN[1999]", "foo=bar uid=0"),
    rec("1998", "foo=bar uid=0"),
    `node=host1 type=CWD msg=audit(1795570504.898:${serial++}): cwd="/root"`,
    rec("CWD", 'cwd="/a"b z=1 key=61016263 last=9,1'),
    rec("CWD", "just text without fields"),
    rec("CWD", "tail=x,y"),
    rec("PATH", 'item=0 name="/x" obj=system_u:object_r:etc_t:s0:c0,c1'),
    rec("SYSCALL", "arch=zz syscall=1 a0=1 a1=2 a2=3 a3=4 items=0"),
    rec("CAPSET", "pid=1 cap_pi=zz cap_pp=10000000000000000 cap_pe=-1"),
    rec("ANOM_LINK", "op=linkat ppid=1 pid=2 auid=99999999999 uid=-1 gid=abc ses=-1 res=0"),
  ];
  return L.join("\n") + "\n";
}

/** Multi-record events (SYSCALL with CWD, PATH, SOCKADDR…) for the normalizer. */
export function craftedEvents(): string {
  let n = 5000;
  const events: string[][] = [];
  const ev = (
    syscall: number,
    args: string[],
    rest: string[],
    o: {
      success?: string;
      exit?: string;
      exe?: string;
      comm?: string;
      key?: string;
      uid?: string;
      auid?: string;
      arch?: string;
    } = {},
  ) => {
    const s = n++;
    const a = [...args, "0", "0", "0", "0"].slice(0, 4);
    const h = `msg=audit(1795570600.${String(s % 1000).padStart(3, "0")}:${s}):`;
    events.push([
      `type=SYSCALL ${h} arch=${o.arch ?? "c000003e"} syscall=${syscall} success=${
        o.success ?? "yes"
      } exit=${o.exit ?? "0"} a0=${a[0]} a1=${a[1]} a2=${a[2]} a3=${
        a[3]
      } items=${rest.length} ppid=1 pid=2 auid=${o.auid ?? "1001"} uid=${
        o.uid ?? "0"
      } gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts1 ses=3 comm="${
        o.comm ?? "x"
      }" exe="${o.exe ?? "/usr/bin/x"}" subj=unconfined key=${o.key ?? '"k"'}`,
      ...rest.map((r) => `type=${r.slice(0, r.indexOf(" "))} ${h}${r.slice(r.indexOf(" "))}`),
    ]);
  };
  const cwd = 'CWD cwd="/home/u"';
  const path = (i: number, name: string, mode: string, nametype: string) =>
    `PATH item=${i} name=${name} inode=${
      100 + i
    } dev=fe:00 mode=${mode} ouid=1001 ogid=0 rdev=00:00 nametype=${nametype} cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0`;
  ev(2, ["7ffd", "0"], [cwd, path(0, '"../etc/./passwd"', "0100644", "NORMAL")]);
  ev(257, ["ffffff9c", "7ffd", "241"], [
    cwd,
    path(0, '"/tmp/"', "040755", "PARENT"),
    path(1, '"/tmp/f"', "0100644", "CREATE"),
  ]);
  ev(59, ["7ffd", "7ffe"], [
    'EXECVE argc=2 a0="ls" a1="-l"',
    cwd,
    path(0, '"/usr/bin/ls"', "0100755", "NORMAL"),
    path(1, '"/lib64/ld-linux-x86-64.so.2"', "0100755", "NORMAL"),
    "PROCTITLE proctitle=6C73002D6C",
  ], { exe: "/usr/bin/ls", comm: "ls" });
  ev(59, ["7ffd", "7ffe"], [
    'EXECVE argc=2 a0="sh" a1="x.sh"',
    cwd,
    path(0, '"/usr/bin/sh"', "0100755", "NORMAL"),
  ], { exe: "/usr/bin/bash", comm: "x.sh" });
  ev(82, ["7ffd", "7ffe"], [
    cwd,
    path(0, '"/tmp/"', "040755", "PARENT"),
    path(1, '"/tmp/"', "040755", "PARENT"),
    path(2, '"a"', "0100644", "DELETE"),
    path(3, '"b"', "0100644", "CREATE"),
  ]);
  ev(83, ["7ffd", "1ed"], [
    cwd,
    path(0, '"/tmp/"', "040755", "PARENT"),
    path(1, '"/tmp/d"', "040755", "CREATE"),
  ]);
  ev(87, ["7ffd"], [
    cwd,
    path(0, '"/tmp/"', "040755", "PARENT"),
    path(1, '"/tmp/f"', "0100644", "DELETE"),
  ]);
  ev(88, ["7ffd", "7ffe"], [
    cwd,
    path(0, '"/tmp/"', "040755", "PARENT"),
    path(1, '"/tmp/l"', "0120777", "CREATE"),
  ]);
  ev(90, ["7ffd", "1ed"], [cwd, path(0, '"/tmp/f"', "0100644", "NORMAL")]);
  ev(268, ["ffffff9c", "7ffd", "1a4"], [cwd, path(0, '"/tmp/f"', "0100644", "NORMAL")]);
  ev(91, ["3", "1a4"], [path(0, "(null)", "0100644", "NORMAL")]);
  ev(92, ["7ffd", "3e9", "ffffffff"], [cwd, path(0, '"/tmp/f"', "0100644", "NORMAL")]);
  ev(260, ["ffffff9c", "7ffd", "3e9", "3e9"], [cwd, path(0, '"/tmp/f"', "0100644", "NORMAL")]);
  ev(188, ["7ffd", "7ffe"], [cwd, path(0, '"/tmp/f"', "0100644", "NORMAL")]);
  ev(190, ["3", "7ffe"], [path(0, "(null)", "0100644", "NORMAL")]);
  ev(165, ["7ffd", "7ffe", "7fff", "0"], [
    cwd,
    path(0, '"/dev/sdb1"', "060660", "UNKNOWN"),
    path(1, '"/mnt"', "040755", "NORMAL"),
  ]);
  ev(165, ["7ffd", "7ffe", "7fff", "0"], [cwd, path(0, '"/dev/sdb1"', "060660", "UNKNOWN")], {
    success: "no",
    exit: "-1",
  });
  ev(166, ["7ffd", "0"], [cwd, path(0, '"/mnt"', "040755", "NORMAL")]);
  ev(4, ["7ffd", "7ffe"], [cwd, path(0, '"/etc/shadow"', "0100640", "NORMAL")], {
    success: "no",
    exit: "-13",
  });
  ev(137, ["7ffd", "7ffe"], [cwd, path(0, '"/"', "040755", "NORMAL")]);
  ev(235, ["7ffd", "7ffe"], [cwd, path(0, '"/tmp/f"', "0100644", "NORMAL")]);
  ev(133, ["7ffd", "21b6"], [
    cwd,
    path(0, '"/dev/"', "040755", "PARENT"),
    path(1, '"/dev/x"', "020666", "CREATE"),
  ]);
  ev(133, ["7ffd", "61b6"], [
    cwd,
    path(0, '"/dev/"', "040755", "PARENT"),
    path(1, '"/dev/y"', "060666", "CREATE"),
  ]);
  ev(42, ["3", "7ffd", "10"], ["SOCKADDR saddr=02000050C0A80001", 'PROCTITLE proctitle="curl"']);
  ev(49, ["3", "7ffd", "10"], [
    "SOCKADDR saddr=0A001F90000000000000000000000000000000000000000100000000",
  ]);
  ev(43, ["3", "7ffd", "7ffe"], ["SOCKADDR saddr=01002F72756E2F7800"]);
  ev(44, ["3", "7ffd", "10"], ["SOCKADDR saddr=100000000000000000000000"]);
  ev(45, ["3", "7ffd", "10"], ["SOCKADDR saddr=02000035080808080000000000000000"]);
  ev(62, ["1f4", "9"], [
    'OBJ_PID opid=500 oauid=1001 ouid=1001 oses=3 obj=unconfined ocomm="sleep"',
  ]);
  ev(62, ["ffffffff", "f"], [
    'OBJ_PID opid=500 oauid=1001 ouid=1001 oses=3 ocomm="a"',
    'OBJ_PID opid=501 oauid=1001 ouid=1001 oses=3 ocomm="b"',
  ]);
  ev(105, ["3e9"], ['PROCTITLE proctitle="su"'], { exe: "/usr/bin/su" });
  ev(117, ["ffffffff", "ffffffff", "3e9"], ['PROCTITLE proctitle="x"']);
  ev(119, ["ffffffff", "3e9", "ffffffff"], ['PROCTITLE proctitle="x"']);
  ev(144, ["1f4", "1"], ['PROCTITLE proctitle="chrt"'], { exe: "/usr/bin/chrt" });
  ev(9, ["0", "1000", "7", "22"], ['PROCTITLE proctitle="x"']);
  ev(9, ["0", "1000", "7", "22"], ['PROCTITLE proctitle="x"'], { success: "no", exit: "-1" });
  ev(170, ["7ffd", "5"], ['PROCTITLE proctitle="hostname"']);
  ev(227, ["0", "7ffd"], ['PROCTITLE proctitle="date"']);
  ev(313, ["3", "7ffd", "0"], ['KERN_MODULE name="nf_tables"']);
  ev(176, ["7ffd", "800"], ['PROCTITLE proctitle="rmmod"']);
  ev(2, ["7ffd", "0"], [
    'AVC avc:  denied  { read } for  pid=2 comm="x" name="f" dev="dm-0" ino=5 scontext=u:r:t:s0 tcontext=u:r:f:s0 tclass=file permissive=0',
    cwd,
    path(0, '"/tmp/f"', "0100644", "NORMAL"),
  ], { success: "no", exit: "-13" });
  ev(54, ["3", "0", "40", "7ffd"], [
    'NETFILTER_CFG table=filter family=2 entries=4 op=xt_replace pid=2 subj=unconfined comm="iptables"',
  ]);
  ev(16, ["3", "8914"], [
    "ANOM_PROMISCUOUS dev=eth0 prom=256 old_prom=0 auid=1001 uid=0 gid=0 ses=3",
  ]);
  ev(44, ["3", "7ffd", "10"], ['CONFIG_CHANGE auid=1001 ses=3 op=add_rule key="k1" list=4 res=1']);
  ev(321, ["5", "7ffd"], ["BPF prog-id=42 op=LOAD"]);
  ev(2, ["7ffd", "0"], [cwd, path(0, '"/x"', "0100644", "NORMAL")], { key: "(null)" });
  ev(999, ["1"], ['PROCTITLE proctitle="x"'], { key: "(null)" });
  ev(2, ["7ffd", "0"], [cwd, path(0, '"/x"', "0100644", "NORMAL")], {
    auid: "4294967295",
    uid: "1001",
  });
  ev(2, ["7ffd", "0"], [
    'ANOM_LINK op=linkat ppid=1 pid=2 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="ln" exe="/usr/bin/ln" res=0',
  ]);
  ev(5, ["1", "2"], [cwd, path(0, '"/x"', "0100644", "NORMAL")], { arch: "40000003" });
  // events whose first record is not the SYSCALL
  const s = n++;
  events.push([
    `type=CONFIG_CHANGE msg=audit(1795570601.000:${s}): auid=1001 ses=3 op=set audit_enabled=1 old=1 res=1`,
    `type=SYSCALL msg=audit(1795570601.000:${s}): arch=c000003e syscall=44 success=yes exit=0 a0=3 a1=7ffd a2=10 a3=0 items=0 ppid=1 pid=2 auid=1001 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="auditctl" exe="/usr/sbin/auditctl" key=(null)`,
  ]);
  return events.map((e) => e.join("\n")).join("\n") + "\n";
}
