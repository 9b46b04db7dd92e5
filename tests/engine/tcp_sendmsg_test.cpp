// SPDX-License-Identifier: GPL-2.0-or-later
// tcp_sendmsg_locked(): size goal, the copy path into the 32 KiB page_frag, memory accounting,
// MSG_ZEROCOPY pinning and completions, non-blocking and blocking waits for send-buffer space.
// Expected values are derived by hand from the kernel's logic in the comments.
#include <gtest/gtest.h>

#include "glibc/send.h"
#include "linux/errqueue.h"
#include "linux/netdevice.h"
#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

namespace
{
struct Env {
	explicit Env(KernelVersion v = KernelVersion::V6_16) : s(v), sc(s), w(s), ws(w) {}
	Sim s;
	SimScope sc;
	World w;
	WorldScope ws;
};

// A connected socket built by hand (no handshake): mss 1448, no TCP options, GSO limit `gso`.
// cwnd is full (10 packets "in flight") so tcp_write_xmit sends nothing and the write queue
// keeps exactly what tcp_sendmsg_locked built.
tcp_sock *established(int fd, u32 gso = 65536)
{
	tcp_sock *tp = tcp_sk(sock_from_fd(fd));
	tp->sk_state = TCP_ESTABLISHED;
	sock_of(tp)->state = SS_CONNECTED;
	tp->mss_cache = 1448;
	tp->tcp_header_len = 20;
	tp->sk_gso_max_size = gso;
	tp->sk_gso_max_segs = 65535;
	tp->sk_route_caps = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_GSO | NETIF_F_GSO_SOFTWARE;
	tp->max_window = 1u << 20;
	tp->snd_wnd = 1u << 20;
	tp->write_seq = tp->snd_una = tp->snd_nxt = tp->pushed_seq = 1000;
	tp->snd_cwnd = 10;
	tp->packets_out = 10;
	return tp;
}
} // namespace

TEST(TcpSendmsg, InitSockDefaults)
{
	Env e;
	int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_EQ(fd, 3);
	tcp_sock *tp = tcp_sk(sock_from_fd(fd));
	EXPECT_EQ(tp->snd_cwnd, TCP_INIT_CWND);
	EXPECT_EQ(tp->snd_ssthresh, TCP_INFINITE_SSTHRESH);
	EXPECT_EQ(tp->mss_cache, 536u);
	EXPECT_EQ(tp->icsk_rto, 1000u);	  // TCP_TIMEOUT_INIT = 1 s = 1000 jiffies at HZ=1000
	EXPECT_EQ(tp->sk_sndbuf, 16384);  // tcp_wmem[1]
	EXPECT_EQ(tp->sk_rcvbuf, 131072); // tcp_rmem[1]
	EXPECT_EQ(tp->sk_pacing_shift, 10);
	EXPECT_EQ(tp->sk_state, TCP_CLOSE);
	EXPECT_EQ(tp->name, "sk");
	// Every traced field is registered under sk/icsk/tp.
	EXPECT_NE(e.s.trace()->find_key("tp", "write_seq"), 0u);
	EXPECT_NE(e.s.trace()->find_key("icsk", "icsk_rto"), 0u);
	EXPECT_NE(e.s.trace()->find_key("sk", "sk_wmem_queued"), 0u);
	int fd2 = sys_socket(AF_INET, SOCK_STREAM, 0);
	EXPECT_EQ(sock_from_fd(fd2)->name, "sk#2");
	EXPECT_NE(e.s.trace()->find_key("tp#2", "snd_nxt"), 0u);
	ASSERT_EQ(e.w.syscalls.size(), 2u);
	EXPECT_EQ(e.w.syscalls[0].ret, 3);
}

TEST(TcpSendmsg, SizeGoal)
{
	Env e;
	int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	tcp_sock *tp = established(fd, 65536);
	// new_size_goal = tcp_bound_to_half_wnd(65536): max_window 1 MiB -> cutoff 512 KiB, no bound.
	// gso_segs = min(65536 / 1448, 65535) = 45 (45 * 1448 = 65160, 46 * 1448 = 66608 > 65536).
	EXPECT_EQ(tcp_xmit_size_goal(tp, 1448, 1), 65160u);
	EXPECT_EQ(tp->xmit_size_goal_segs, 45u);
	// sk_setup_caps() on a 65536-byte gso_ipv4_max_size device gives 65536 - (320 + 1) = 65215:
	// 65215 / 1448 = 45.04 -> still 45 segments.
	tp->sk_gso_max_size = 65215;
	EXPECT_EQ(tcp_xmit_size_goal(tp, 1448, 1), 65160u);
	// Peer window 40000: cutoff 20000 -> 20000 / 1448 = 13 segments = 18824 bytes.
	tp->max_window = 40000;
	EXPECT_EQ(tcp_xmit_size_goal(tp, 1448, 1), 18824u);
	// MSG_OOB: no large packets, just mss.
	EXPECT_EQ(tcp_xmit_size_goal(tp, 1448, 0), 1448u);
	int goal = 0;
	tp->max_window = 1u << 20;
	EXPECT_EQ(tcp_send_mss(tp, &goal, 0), 1448);
	EXPECT_EQ(goal, 65160);
	// Tiny window below TCP_MSS_DEFAULT: cutoff = whole window (300), not half.
	EXPECT_EQ(tcp_bound_to_half_wnd(tp, 65536), 65536 > (int)(1u << 19) ? (int)(1u << 19) : 65536);
	tp->max_window = 300;
	EXPECT_EQ(tcp_bound_to_half_wnd(tp, 1448), 300);
}

TEST(TcpSendmsg, Copy10000BytesFourSkbsInOnePageFrag)
{
	Env e;
	int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	// gso 4096 -> size_goal = (4096 / 1448 = 2) * 1448 = 2896: 10000 = 2896 + 2896 + 2896 + 1312.
	tcp_sock *tp = established(fd, 4096);
	u64 buf = e.w.user_alloc(10000, 3);
	EXPECT_EQ(glibc::send(fd, buf, 10000, 0), 10000);
	ASSERT_EQ(tp->sk_write_queue.size(), 4u);
	// Each skb: alloc_skb_fclone(MAX_TCP_HEADER=320): kmalloc(320 + 320 shinfo) = 1024 bucket,
	// 704 usable -> truesize = 704 + 256 + 320 = 1280; all payload in page frags of ONE order-3
	// (32 KiB) page_frag page: offsets 0, 2896, 5792, 8688.
	const u32 lens[4] = {2896, 2896, 2896, 1312};
	page *pg = nullptr;
	u32 seq = 1000;
	for (int i = 0; i < 4; i++) {
		sk_buff *skb = tp->sk_write_queue[i];
		EXPECT_EQ(skb->len, lens[i]);
		EXPECT_EQ(skb_headlen(skb), 0u);
		EXPECT_EQ(skb->truesize, 1280u + lens[i]);
		ASSERT_EQ(skb_shinfo(skb)->nr_frags, 1);
		const skb_frag_t &f = skb_shinfo(skb)->frags[0];
		EXPECT_EQ(f.offset, (u32)(i * 2896));
		EXPECT_EQ(f.len, lens[i]);
		EXPECT_EQ(f.netmem->owner, PageOwner::PageFrag);
		EXPECT_EQ(f.netmem->order, 3u);
		if (i == 0)
			pg = f.netmem;
		EXPECT_EQ(f.netmem, pg);
		EXPECT_EQ(skb->cb.seq, seq);
		seq += lens[i];
		EXPECT_EQ(skb->cb.end_seq, seq);
	}
	// page refcount: 1 (sk_frag) + 4 frags. sk_frag.offset advanced by all 10000 bytes.
	EXPECT_EQ(pg->refcount, 5);
	EXPECT_EQ(tp->sk_frag.offset, 10000u);
	EXPECT_EQ(tp->write_seq, 11000u);
	// Bytes really copied from user memory.
	EXPECT_EQ(0, std::memcmp(pg->mem.data(), user_ptr(buf), 10000));
	// Accounting: wmem_queued = 4 * 1280 + 10000 = 15120. Pages scheduled (PAGE_SIZE quanta):
	//   skb1 forced 1280 -> +1 page (fa 4096-1280 = 2816); copy 2896: need 80 more -> +1 page
	//   (fa 6912-2896 = 4016); skb2 1280 ok (2736); copy 2896: +1 (3936); skb3 (2656); copy
	//   2896: +1 (3856); skb4 (2576); copy 1312 fits (1264). 4 pages = 16384 = 15120 + 1264.
	EXPECT_EQ(tp->sk_wmem_queued, 15120);
	EXPECT_EQ(tp->sk_forward_alloc, 1264);
	EXPECT_EQ(socklayer().tcp_memory_allocated, 4);
	// Only the last skb got PSH (tcp_push at the end, no MSG_MORE); the first had it cleared.
	EXPECT_FALSE(tp->sk_write_queue[0]->cb.tcp_flags & TCPHDR_PSH);
	EXPECT_TRUE(tp->sk_write_queue[3]->cb.tcp_flags & TCPHDR_PSH);
}

TEST(TcpSendmsg, ZerocopyPinsUserPagesAndCompletesAfterFree)
{
	Env e;
	int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	tcp_sock *tp = established(fd, 65536);
	EXPECT_EQ(sys_setsockopt_int(fd, SOL_SOCKET, SO_ZEROCOPY, 1), 0);
	u64 buf = e.w.user_alloc(10000, 0); // page aligned
	EXPECT_EQ(glibc::send(fd, buf, 10000, MSG_ZEROCOPY), 10000);
	ASSERT_EQ(tp->sk_write_queue.size(), 1u);
	sk_buff *skb = tp->sk_write_queue[0];
	// 10000 bytes from a page-aligned buffer: pages of 4096, 4096, 1808 -> three frags.
	ASSERT_EQ(skb_shinfo(skb)->nr_frags, 3);
	EXPECT_EQ(skb_shinfo(skb)->frags[0].len, 4096u);
	EXPECT_EQ(skb_shinfo(skb)->frags[2].len, 1808u);
	for (int i = 0; i < 3; i++) {
		EXPECT_EQ(skb_shinfo(skb)->frags[i].netmem->owner, PageOwner::UserPinned);
		EXPECT_EQ(skb_shinfo(skb)->frags[i].netmem->refcount, 2); // mapping + pin
	}
	EXPECT_TRUE(skb_zcopy(skb));
	EXPECT_TRUE(skb_zcopy_pure(skb));
	// truesize grows by whole pinned pages: 1280 + 3 * 4096 = 13568; pure zerocopy is not
	// charged to forward_alloc (4096 forced - 1280 = 2816 remains).
	EXPECT_EQ(skb->truesize, 13568u);
	EXPECT_EQ(tp->sk_wmem_queued, 13568);
	EXPECT_EQ(tp->sk_forward_alloc, 2816);
	// A second zerocopy send appends to the same skb and extends the same notification range.
	u64 buf2 = e.w.user_alloc(4096, 1);
	EXPECT_EQ(glibc::send(fd, buf2, 4096, MSG_ZEROCOPY), 4096);
	EXPECT_EQ(tp->sk_zckey, 2u);
	EXPECT_EQ(skb_shinfo(skb)->nr_frags, 4);
	std::vector<zc_completion> c;
	EXPECT_EQ(sys_recv_zerocopy_completions(fd, c), 0); // nothing until the skb is freed
	ASSERT_FALSE(e.w.syscalls.empty());
	EXPECT_EQ(e.w.syscalls.back().err, EAGAIN);
	// The skb is acked and freed: the last reference drops, one notification [0, 1].
	tp->sk_write_queue.pop_front();
	tcp_wmem_free_skb(tp, skb);
	ASSERT_EQ(sys_recv_zerocopy_completions(fd, c), 1);
	EXPECT_EQ(c[0].lo, 0u);
	EXPECT_EQ(c[0].hi, 1u);
	EXPECT_FALSE(c[0].copied);
	EXPECT_EQ(socklayer().user_pages.begin()->second->refcount, 1); // unpinned
	EXPECT_EQ(socklayer().locked_vm, 0u);				// mm_unaccount_pinned_pages
}

TEST(TcpSendmsg, ZerocopyWithoutSoZerocopyCopies)
{
	Env e;
	int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	tcp_sock *tp = established(fd);
	u64 buf = e.w.user_alloc(5000, 0);
	EXPECT_EQ(glibc::send(fd, buf, 5000, MSG_ZEROCOPY), 5000);
	EXPECT_EQ(tp->sk_write_queue[0]->hd->shinfo.frags[0].netmem->owner, PageOwner::PageFrag);
	EXPECT_EQ(tp->sk_zckey, 0u);
}

TEST(TcpSendmsg, NonBlockingFullSndbufEagain)
{
	Env e;
	int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	tcp_sock *tp = established(fd, 65536);
	u64 buf = e.w.user_alloc(100000, 0);
	// sndbuf 16384 is only checked before a NEW skb: the first skb fills to size_goal 65160
	// (32768 from one page_frag page + 32392 from a second), then the next new_segment finds
	// wmem_queued 1280 + 65160 = 66440 >= 16384: wait_for_space, timeo 0 -> partial 65160.
	EXPECT_EQ(glibc::send(fd, buf, 100000, MSG_DONTWAIT), 65160);
	EXPECT_EQ(tp->sk_wmem_queued, 66440);
	EXPECT_TRUE(tp->sk_socket_flags & SOCK_NOSPACE);
	tp->sk_socket_flags = 0;
	// Now nothing fits: -EAGAIN (glibc: -1, errno EAGAIN) and SOCK_NOSPACE set again.
	EXPECT_EQ(glibc::send(fd, buf, 1000, MSG_DONTWAIT), -1);
	EXPECT_EQ(glibc::last_errno, EAGAIN);
	EXPECT_TRUE(tp->sk_socket_flags & SOCK_NOSPACE);
	EXPECT_EQ(e.w.syscalls.back().err, EAGAIN);
	// Same through O_NONBLOCK on the file.
	EXPECT_EQ(sys_fcntl(fd, F_SETFL, O_NONBLOCK_FLAG), 0);
	EXPECT_EQ(sys_send(fd, buf, 1000, 0), -EAGAIN);
}

TEST(TcpSendmsg, BlockingSendSleepsUntilWriteSpace)
{
	Env e;
	int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	tcp_sock *tp = established(fd, 65536);
	u64 buf = e.w.user_alloc(70000, 0);
	EXPECT_EQ(sys_send(fd, buf, 65160, MSG_DONTWAIT), 65160);
	// At 1 ms the peer "acks" everything: the skb is freed and the write space wakes us.
	e.s.at(1 * NSEC_PER_MSEC, "ack", [tp] {
		sk_buff *skb = tp->sk_write_queue.front();
		tp->sk_write_queue.pop_front();
		tcp_wmem_free_skb(tp, skb);
		sk_stream_write_space(tp);
	});
	EXPECT_EQ(sys_send(fd, buf, 1000, 0), 1000); // blocks in virtual time, then copies
	EXPECT_EQ(e.s.now_ns(), 1 * NSEC_PER_MSEC);
	EXPECT_EQ(sock_of(tp)->write_wakeups, 1u);
	// Blocking with nothing left that could wake it: -EINTR and a warning, no hang.
	tp->sk_sndbuf = 4608;
	EXPECT_EQ(sys_send(fd, buf, 65160, 0), 65160 - 1000); // fills the skb, then would wait
	EXPECT_FALSE(e.w.warnings.empty());
}

TEST(TcpSendmsg, SendOnShutdownIsEpipe)
{
	Env e;
	int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	tcp_sock *tp = established(fd);
	tp->sk_shutdown = SEND_SHUTDOWN;
	u64 buf = e.w.user_alloc(100, 0);
	EXPECT_EQ(sys_send(fd, buf, 100, MSG_NOSIGNAL), -EPIPE);
	EXPECT_TRUE(e.w.warnings.empty()); // MSG_NOSIGNAL: no SIGPIPE
	EXPECT_EQ(sys_send(fd, buf, 100, 0), -EPIPE);
	EXPECT_FALSE(e.w.warnings.empty());
	// Unmapped user address: access_ok passes, the copy faults.
	tp->sk_shutdown = 0;
	EXPECT_EQ(sys_send(fd, World::USER_BASE + (1ull << 30), 100, 0), -EFAULT);
	EXPECT_EQ(sys_send(99, buf, 100, 0), -EBADF);
}
