// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/af_inet.c: creating a TCP socket, the inet stream connect/shutdown/release and the
// sendmsg/recvmsg entries that dispatch to TCP.
#include <cstring>

#include "linux/errqueue.h"
#include "linux/net_tstamp.h"
#include "net/ip.h"
#include "net/ipv4/tcp_priv.h"
#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

// sk_alloc() + sock_init_data(): a fresh struct sock with the generic defaults.
static tcp_sock *sk_alloc_tcp()
{
	World &w = world();
	auto tp = std::make_unique<tcp_sock>();
	size_t n = w.owned_socks.size() + 1;
	tp->name = n == 1 ? "sk" : "sk#" + std::to_string(n);
	tcp_sock *r = tp.get();
	w.owned_socks.push_back(std::move(tp));
	w.socks.push_back(r);
	return r;
}

int inet_create(int protocol, sock **out)
{
	SP_FN("protocol=%d", protocol);
	if (protocol != 0 && protocol != IPPROTO_TCP)
		SP_RET(-EPROTONOSUPPORT);
	tcp_sock *tp = sk_alloc_tcp();
	sock_trace_register(tp); // registered first: the defaults below appear as deltas
	// sock_init_data()
	tp->sk_state = TCP_CLOSE;
	tp->sk_sndbuf = sysctl().wmem_default;
	tp->sk_rcvbuf = sysctl().rmem_default;
	tp->sk_wmem_alloc = 1;
	tp->sk_allocation = GFP_KERNEL;
	tp->sk_sndtimeo = ~0ull;
	tp->inet_id = (u16)(sim().rng.u32() & 0xffff);
	tp->uc_ttl = (u8)sysctl().ip_default_ttl;
	// sk->sk_prot->init == tcp_v4_init_sock -> tcp_init_sock()
	tcp_init_sock(tp);
	SP_LINE("inet_create:sock", 0, "%s: TCP socket, state CLOSE, sndbuf %d (tcp_wmem[1])",
		tp->name.c_str(), (int)tp->sk_sndbuf);
	*out = tp;
	SP_RET(0);
}

// tcp_prot.no_autobind is true: TCP never autobinds here (connect() picks the port).
int inet_send_prepare(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	if (!sk->skc_num)
		SP_LINE("inet_send_prepare:no_autobind", 0,
			"inet_num 0 but tcp_prot.no_autobind: no autobind");
	SP_RET(0);
}

int inet_sendmsg(sock *sk, msghdr *msg, size_t size)
{
	SP_FN("%s size=%zu", sk->name.c_str(), size);
	if (inet_send_prepare(sk))
		SP_RET(-EAGAIN);
	SP_RET(tcp_sendmsg(sk, msg, size)); // sk->sk_prot->sendmsg
}

static bool connect_settled(sock *sk)
{
	return !(TCPF_STATE(sk->sk_state) & (TCPF_STATE(TCP_SYN_SENT) | TCPF_STATE(TCP_SYN_RECV)));
}

int inet_stream_connect(socket_file *so, u32 daddr, u16 dport, int flags)
{
	sock *sk = so->sk;
	SP_FN_NAMED("__inet_stream_connect", "%s daddr=%u.%u.%u.%u dport=%u", sk->name.c_str(), daddr >> 24,
		    (daddr >> 16) & 255, (daddr >> 8) & 255, daddr & 255, dport);
	int err;
	long timeo;
	switch (so->state) {
	case SS_CONNECTED:
		SP_RET(-EISCONN);
	case SS_CONNECTING:
		err = inet_sk(sk)->defer_connect ? -EINPROGRESS : -EALREADY;
		break;
	case SS_UNCONNECTED:
		if (sk->sk_state != TCP_CLOSE)
			SP_RET(-EISCONN);
		err = tcp_v4_connect(sk, daddr, dport); // sk->sk_prot->connect
		if (err < 0)
			SP_RET(err);
		so->state = SS_CONNECTING;
		err = -EINPROGRESS;
		break;
	default:
		SP_RET(-EINVAL);
	}
	timeo = (flags & O_NONBLOCK_FLAG)
		    ? 0
		    : (sk->sk_sndtimeo == ~0ull ? MAX_SCHEDULE_TIMEOUT : (long)sk->sk_sndtimeo);
	if (!connect_settled(sk)) {
		if (!timeo) {
			SP_LINE("__inet_stream_connect:inprogress", err, "non-blocking: %s",
				errno_name(-err));
			SP_RET(err);
		}
		// inet_wait_for_connect(): a Fast Open sendto() whose data did not all fit in the SYN
		// counts as a pending writer, so the SYN-ACK's ACK can ride on that data.
		tcp_sock *tp = tcp_sk(sk);
		int writebias = tp->fastopen_req && tp->fo.data ? 1 : 0;
		sk->sk_write_pending += writebias;
		int r = sk_wait_event(sk, &timeo, "inet_wait_for_connect", connect_settled);
		sk->sk_write_pending -= writebias;
		if (r < 0)
			SP_RET(-EINTR);
		if (r == 0)
			SP_RET(err);
	}
	if (sk->sk_state == TCP_CLOSE) {
		int e = sk->sk_err ? -(int)sk->sk_err : -ECONNABORTED;
		sk->sk_err = 0;
		so->state = SS_UNCONNECTED;
		SP_LINE("__inet_stream_connect:failed", e, "connection closed: %s", errno_name(-e));
		SP_RET(e);
	}
	so->state = SS_CONNECTED;
	SP_LINE("__inet_stream_connect:connected", 0, "%s %s", sk->name.c_str(),
		tcp_state_name(sk->sk_state));
	SP_RET(0);
}

int inet_shutdown(socket_file *so, int how)
{
	sock *sk = so->sk;
	SP_FN("%s how=%d", sk->name.c_str(), how);
	int err = 0;
	how++; // SHUT_RD(0)->RCV_SHUTDOWN(1), SHUT_WR(1)->SEND_SHUTDOWN(2), SHUT_RDWR->both
	if ((how & ~3) || !how)
		SP_RET(-EINVAL);
	if (so->state == SS_CONNECTING) {
		if (TCPF_STATE(sk->sk_state) &
		    (TCPF_STATE(TCP_SYN_SENT) | TCPF_STATE(TCP_SYN_RECV) | TCPF_STATE(TCP_CLOSE)))
			so->state = SS_DISCONNECTING;
		else
			so->state = SS_CONNECTED;
	}
	switch (sk->sk_state) {
	case TCP_CLOSE:
		err = -ENOTCONN;
		sk->sk_shutdown |= (u8)how;
		break;
	case TCP_LISTEN:
		if (!(how & RCV_SHUTDOWN))
			break;
		tcp_set_state(sk, TCP_CLOSE);
		break;
	case TCP_SYN_SENT:
		tcp_set_state(sk, TCP_CLOSE); // sk->sk_prot->disconnect
		so->state = SS_UNCONNECTED;
		break;
	default:
		sk->sk_shutdown |= (u8)how;
		tcp_shutdown(sk, how);
		break;
	}
	sock_def_wakeup(sk);
	SP_RET(err);
}

int inet_release(socket_file *so)
{
	sock *sk = so->sk;
	SP_FN("%s", sk->name.c_str());
	tcp_close(sk, 0); // no SO_LINGER
	so->dead = true;  // sock_orphan(): SOCK_DEAD, no more wake-ups or notifications
	SP_RET(0);
}

int inet_recvmsg(sock *sk, msghdr *msg, size_t size, int flags)
{
	SP_FN("%s size=%zu flags=%#x", sk->name.c_str(), size, flags);
	SP_RET(tcp_recvmsg(sk, msg, size, flags));
}

// ip_recv_error(): dequeue one error-queue skb and hand its sock_extended_err to the user as an
// IP_RECVERR control message (plus the offender address, zero for zerocopy records).
int inet_recv_error(sock *sk, msghdr *msg, int len, std::vector<cmsghdr> *cmsgs_out)
{
	SP_FN_NAMED("ip_recv_error", "%s queued=%zu", sk->name.c_str(), sk->sk_error_queue.size());
	if (sk->sk_error_queue.empty()) {
		SP_LINE("ip_recv_error:empty", -EAGAIN, "error queue empty: -EAGAIN");
		SP_RET(-EAGAIN);
	}
	sk_buff *skb = sk->sk_error_queue.front(); // sock_dequeue_err_skb
	sk->sk_error_queue.pop_front();
	sock_extended_err ee;
	if (sock_extended_err *e = skb_ext_err(skb))
		ee = *e;
	socklayer().errq.erase(skb->id);
	int copied = (int)skb->len; // zerocopy notifications carry no data
	if (copied > len) {
		msg->msg_flags |= MSG_TRUNC;
		copied = len;
	}
	if (cmsgs_out)
		cmsgs_out->clear();
	// sock_recv_timestamp(): an SO_TIMESTAMPING report carries its software timestamp first.
	if (ee.ee_origin == SO_EE_ORIGIN_TIMESTAMPING && (sk->sk_tsflags & SOF_TIMESTAMPING_SOFTWARE)) {
		scm_timestamping_model tss;
		tss.ts[0].tv_sec = (s64)(skb->tstamp / 1000000000ull);
		tss.ts[0].tv_nsec = (s64)(skb->tstamp % 1000000000ull);
		cmsghdr t;
		t.cmsg_level = SOL_SOCKET;
		t.cmsg_type = SCM_TIMESTAMPING;
		t.data.resize(sizeof tss);
		std::memcpy(t.data.data(), &tss, sizeof tss);
		t.cmsg_len = CMSG_LEN(t.data.size());
		if (cmsgs_out)
			cmsgs_out->push_back(t);
		SP_LINE("ip_recv_error:timestamp", (long)skb->tstamp,
			"SCM_TIMESTAMPING cmsg: software timestamp %lld.%09lld", (long long)tss.ts[0].tv_sec,
			(long long)tss.ts[0].tv_nsec);
	}
	cmsghdr c;
	c.cmsg_level = SOL_IP;
	c.cmsg_type = IP_RECVERR;
	c.data.resize(sizeof(sock_extended_err) + sizeof(sockaddr_in_model));
	std::memcpy(c.data.data(), &ee, sizeof ee);
	sockaddr_in_model offender;
	offender.sin_family = AF_UNSPEC;
	std::memcpy(c.data.data() + sizeof ee, &offender, sizeof offender);
	c.cmsg_len = CMSG_LEN(c.data.size());
	if (cmsgs_out)
		cmsgs_out->push_back(c);
	msg->msg_flags |= MSG_ERRQUEUE;
	SP_LINE("ip_recv_error:record", ee.ee_data, "origin %u code %u range [%u, %u] -> IP_RECVERR cmsg",
		ee.ee_origin, ee.ee_code, ee.ee_info, ee.ee_data);
	consume_skb(skb);
	SP_RET(copied);
}
