// SPDX-License-Identifier: GPL-2.0-or-later
// The built-in scenarios, written in the scenario format (engine/scenario/FORMAT.md).
#include "scenario/scenario.h"

namespace sp
{

const std::vector<BuiltinScenario> &builtin_scenarios()
{
	static const std::vector<BuiltinScenario> v = {
	    {"default", R"(name default
description 10 000-byte send() on an established connection, MSS 1460, over the emulated E810 with TSO
device ice ring=256 link=100g tso=on csum=on
peer mss=1460 window=64k wscale=7 rtt=100us delack=every2
connect
send 10000
wait 5ms
)"},
	    {"nagle-small-writes", R"(name nagle-small-writes
description Five 100-byte writes: Nagle holds the later ones until the first is ACKed; then TCP_NODELAY
peer mss=1460 rtt=2ms delack=every
connect
send 100
send 100
send 100
send 100
wait 5ms
setsockopt TCP_NODELAY 1
send 100
send 100
wait 5ms
)"},
	    {"cork-and-msg-more", R"(name cork-and-msg-more
description MSG_MORE and TCP_CORK hold partial segments; uncorking pushes them
peer mss=1460 rtt=1ms
connect
send 500 flags=MSG_MORE
send 500 flags=MSG_MORE
send 500
wait 3ms
setsockopt TCP_CORK 1
send 700
send 700
wait 1ms
setsockopt TCP_CORK 0
wait 3ms
)"},
	    {"rwnd-limited", R"(name rwnd-limited
description The peer advertises a 8 KiB window that its application drains slowly: tcp_snd_wnd_test stops the sender
peer mss=1460 window=8k wscale=0 rtt=1ms read_rate=4k delack=every
connect
send 64k
wait 50ms
)"},
	    {"zero-window-probe", R"(name zero-window-probe
description The peer's application stops reading: its 16 KiB window fills and closes; probe0 timer with backoff until it reads again
peer mss=1460 window=16k wscale=0 rtt=2ms read_rate=1 delack=every
connect
send 40000 flags=MSG_DONTWAIT
wait 3s
peer read_rate=64k
wait 2s
)"},
	    {"rto-backoff", R"(name rto-backoff
description The network turns into a black hole after the handshake: RTO fires and backs off exponentially
limit time=20s
peer mss=1460 rtt=10ms
connect
peer blackhole=on
send 3000
wait 15s
)"},
	    {"sndbuf-full-nonblocking", R"(name sndbuf-full-nonblocking
description A non-blocking writer fills a small send buffer and gets EAGAIN (SOCK_NOSPACE set)
peer mss=1460 window=16k wscale=0 rtt=20ms read_rate=1k
connect
setsockopt SO_SNDBUF 8192
fcntl O_NONBLOCK
send 16k
send 16k
send 16k
wait 100ms
send 4k
)"},
	    {"msg-zerocopy", R"(name msg-zerocopy
description MSG_ZEROCOPY: pinned user pages as frags, completion notification on the error queue
peer mss=1460 rtt=100us delack=every
connect
setsockopt SO_ZEROCOPY 1
send 20000 flags=MSG_ZEROCOPY
wait 2ms
recv_errqueue
)"},
	    {"tx-timestamping", R"(name tx-timestamping
description SO_TIMESTAMPING: reports when the last byte of a send enters the qdisc (SCHED), leaves through the driver (SND) and is ACKed (ACK), read from the error queue
peer mss=1460 rtt=100us
connect
setsockopt SO_TIMESTAMPING tx_sched|tx_software|tx_ack|software|opt_id
send 20000
wait 2ms
recv_errqueue
)"},
	    {"splice", R"(name splice
description sendfile()/splice: page-cache pages become frags through MSG_SPLICE_PAGES
peer mss=1460 rtt=100us
connect
sendfile 16k
wait 2ms
)"},
	    {"devmem-tx", R"(name devmem-tx
description Device-memory TCP TX (6.16) on ice: bind-tx fails with EOPNOTSUPP, so sendmsg with a dma-buf id fails
kernel 6.16
device ice
connect
bind_tx size=64k
setsockopt SO_ZEROCOPY 1
sendmsg 8192 flags=MSG_ZEROCOPY cmsg=devmem:1
wait 1ms
)"},
	    {"devmem-tx-netmem", R"(name devmem-tx-netmem
description Device-memory TCP TX (6.16) on a netmem-TX capable device: net_iov frags, unreadable skb, no memlock charge
kernel 6.16
device gve
connect
bind_tx size=64k
setsockopt SO_ZEROCOPY 1
sendmsg 8192 flags=MSG_ZEROCOPY cmsg=devmem:1
wait 2ms
recv_errqueue
)"},
	    {"ring-full-busy", R"(name ring-full-busy
description A 64-slot ring on a 1 Gb/s link fills up (BQL limit_min raised so BQL does not stop first): ice_maybe_stop_tx stops the queue, NETDEV_TX_BUSY, requeue, wake
device ice ring=64 link=1g itr=50us bql_min=4m
peer mss=1460 window=4m wscale=7 rtt=100us
sysctl net.ipv4.tcp_limit_output_bytes=33554432
connect
setsockopt SO_SNDBUF 4194304
send 1m
wait 20ms
)"},
	    {"software-gso", R"(name software-gso
description A device without TSO: validate_xmit_skb segments the GSO skb in software (skb_gso_segment)
device ice tso=off
peer mss=1460 rtt=100us
connect
send 10000
wait 5ms
)"},
	    // ---- compare mode (sendpath-cli compare): each runs on 6.15 and 6.16, so none pins a kernel
	    {"compare-devmem-cmsg", R"(name compare-devmem-cmsg
description Compare: sendmsg with an SCM_DEVMEM_DMABUF cmsg on a netmem-TX device: 6.15 has no bind-tx and rejects the cmsg (-EINVAL); 6.16 sends net_iov frags from the dma-buf
device gve
connect
bind_tx size=64k
setsockopt SO_ZEROCOPY 1
sendmsg 8192 flags=MSG_ZEROCOPY cmsg=devmem:1
wait 2ms
recv_errqueue
)"},
	    {"compare-devmem-ice", R"(name compare-devmem-ice
description Compare: devmem TX on ice: bind-tx is -EOPNOTSUPP in both (6.15: no such op; 6.16: no netmem_tx); the dma-buf cmsg fails -EINVAL in both, at different places
device ice
connect
bind_tx size=64k
setsockopt SO_ZEROCOPY 1
sendmsg 8192 flags=MSG_ZEROCOPY cmsg=devmem:1
wait 1ms
)"},
	    {"compare-dmabuf-no-zerocopy", R"(name compare-dmabuf-no-zerocopy
description Compare: a dma-buf id without SO_ZEROCOPY, then without MSG_ZEROCOPY: 6.16 refuses both (-EINVAL) before waiting for the connection; 6.15 rejects the cmsg itself
device gve
connect
bind_tx size=64k
sendmsg 4096 flags=MSG_ZEROCOPY cmsg=devmem:1
setsockopt SO_ZEROCOPY 1
sendmsg 4096 cmsg=devmem:1
wait 1ms
)"},
	    {"compare-cmsg-eperm", R"(name compare-cmsg-eperm
description Compare: an SO_PRIORITY cmsg of 7 without CAP_NET_ADMIN: 6.15 parses cmsgs late and returns -EINVAL, 6.16 parses them first and returns the deferred -EPERM; priority 5 works in both
device ice
peer mss=1460 rtt=100us
connect
sendmsg 1000 cmsg=priority:7
sendmsg 1000 cmsg=priority:5
wait 2ms
)"},
	    {"compare-msg-zerocopy", R"(name compare-msg-zerocopy
description Compare: MSG_ZEROCOPY on both kernels: the same pinned user pages as frags and the same completions
device ice
peer mss=1460 rtt=100us delack=every
connect
setsockopt SO_ZEROCOPY 1
send 20000 flags=MSG_ZEROCOPY
wait 2ms
recv_errqueue
)"},
	    {"compare-tsq-paced", R"(name compare-tsq-paced
description Compare: a paced bulk flow (SO_MAX_PACING_RATE 4 GB/s, 10 Gb/s link) with tcp_limit_output_bytes at 1 MiB: 6.15 does not cap paced flows (TSQ limit = pacing_rate>>10 = 3.9 MB), 6.16 caps every flow
device ice ring=1024 link=10g
peer mss=1460 window=8m wscale=9 rtt=100us delack=every
# 6.16's default cap (4 MiB) cannot bind a 32-bit SO_MAX_PACING_RATE (pacing_rate>>10 < 4 MiB), so the
# 6.15 default (1 MiB) is set for both kernels: only the "paced flows too" rule differs.
sysctl net.ipv4.tcp_limit_output_bytes=1048576
connect
setsockopt SO_MAX_PACING_RATE 4000000000
send 4m
wait 20ms
)"},
	    {"compare-ice-ctx-lldp", R"(name compare-ice-ctx-lldp
description Compare: ice_xmit_frame_ring context-descriptor order (6.15: LLDP bit, timestamp, eswitch; 6.16: eswitch first, else LLDP, then timestamp) on ordinary TCP frames
device ice
peer mss=1460 rtt=100us
connect
send 3000
wait 1ms
)"},
	};
	return v;
}

} // namespace sp
