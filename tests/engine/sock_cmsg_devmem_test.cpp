// SPDX-License-Identifier: GPL-2.0-or-later
// Control messages and devmem TX: the errno a process sees on 6.15 vs 6.16
// (shared/reference/kernel-6.15-vs-6.16.md sections 2 and 3), socket options, and sendfile.
#include <gtest/gtest.h>

#include <cstring>

#include "linux/errqueue.h"
#include "linux/netdevice.h"
#include "net/devmem.h"
#include "net/socket_api.h"
#include "net/tcp.h"
#include "sim/world.h"

using namespace sp;

namespace
{
struct Env {
	explicit Env(KernelVersion v) : s(v), sc(s), w(s), ws(w) {}
	Sim s;
	SimScope sc;
	World w;
	WorldScope ws;
};

tcp_sock *established(int fd)
{
	tcp_sock *tp = tcp_sk(sock_from_fd(fd));
	tp->sk_state = TCP_ESTABLISHED;
	sock_of(tp)->state = SS_CONNECTED;
	tp->mss_cache = 1448;
	tp->tcp_header_len = 20;
	tp->sk_gso_max_size = 65536;
	tp->sk_gso_max_segs = 65535;
	tp->sk_route_caps = NETIF_F_SG | NETIF_F_HW_CSUM | NETIF_F_GSO;
	tp->max_window = 1u << 20;
	tp->snd_cwnd = 10;
	tp->packets_out = 10; // cwnd full: nothing leaves the write queue
	return tp;
}

cmsghdr cmsg_u32(int type, u32 v, size_t len = CMSG_LEN(4))
{
	cmsghdr c;
	c.cmsg_level = SOL_SOCKET;
	c.cmsg_type = type;
	c.data.resize(std::max<size_t>(4, len - CMSG_LEN(0)));
	std::memcpy(c.data.data(), &v, 4);
	c.cmsg_len = len;
	return c;
}

long sendmsg1(int fd, u64 buf, size_t len, std::vector<cmsghdr> c, unsigned flags)
{
	return sys_sendmsg(fd, {iovec{buf, len}}, c, flags);
}
} // namespace

// SO_PRIORITY 7 is outside 0..6: an unprivileged process gets -EPERM from __sock_cmsg_send.
// 6.15 turns every cmsg error into -EINVAL; 6.16 returns it as is.
TEST(SockCmsg, PriorityPermission615vs616)
{
	for (auto v : {KernelVersion::V6_15, KernelVersion::V6_16}) {
		Env e(v);
		int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
		established(fd);
		u64 buf = e.w.user_alloc(100, 0);
		long r = sendmsg1(fd, buf, 100, {cmsg_u32(SO_PRIORITY, 7)}, 0);
		EXPECT_EQ(r, v == KernelVersion::V6_16 ? -EPERM : -EINVAL);
		// Priority 6 is allowed for everyone.
		EXPECT_EQ(sendmsg1(fd, buf, 100, {cmsg_u32(SO_PRIORITY, 6)}, 0), 100);
		// Privileged: 7 is fine.
		e.w.sockext.cap_net_admin = true;
		EXPECT_EQ(sendmsg1(fd, buf, 100, {cmsg_u32(SO_PRIORITY, 7)}, 0), 100);
		// setsockopt has the same rule (-EPERM on both versions).
		e.w.sockext.cap_net_admin = false;
		EXPECT_EQ(sys_setsockopt_int(fd, SOL_SOCKET, SO_PRIORITY, 7), -EPERM);
	}
}

TEST(SockCmsg, DevmemCmsg615vs616)
{
	for (auto v : {KernelVersion::V6_15, KernelVersion::V6_16}) {
		Env e(v);
		int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
		tcp_sock *tp = established(fd);
		u64 buf = e.w.user_alloc(100, 0);
		// SCM_DEVMEM_DMABUF without MSG_ZEROCOPY: 6.15 unknown type -> -EINVAL;
		// 6.16 id set but no MSG_ZEROCOPY -> -EINVAL (before Fast Open / connect wait).
		EXPECT_EQ(sendmsg1(fd, buf, 100, {cmsg_u32(SCM_DEVMEM_DMABUF, 1)}, 0), -EINVAL);
		// Wrong length (8-byte payload): -EINVAL on both.
		EXPECT_EQ(sendmsg1(fd, buf, 100, {cmsg_u32(SCM_DEVMEM_DMABUF, 1, CMSG_LEN(8))}, MSG_ZEROCOPY),
			  -EINVAL);
		// With SO_ZEROCOPY + MSG_ZEROCOPY but an unknown id: 6.16 net_devmem_get_binding -EINVAL.
		sys_setsockopt_int(fd, SOL_SOCKET, SO_ZEROCOPY, 1);
		EXPECT_EQ(sendmsg1(fd, buf, 100, {cmsg_u32(SCM_DEVMEM_DMABUF, 42)}, MSG_ZEROCOPY), -EINVAL);
		// The failed sends returned their notification ids: zckey back to 0.
		EXPECT_EQ(tp->sk_zckey, 0u);
		EXPECT_TRUE(tp->sk_write_queue.empty());
	}
}

TEST(SockDevmem, BindTxOnIceIsEopnotsupp)
{
	Env e(KernelVersion::V6_16);
	net_device dev; // ice: netmem_tx = false
	e.w.dev = &dev;
	int dfd = sim_dmabuf_create(64 * 1024);
	std::string extack;
	EXPECT_EQ(netdev_nl_bind_tx_doit(dev.ifindex, dfd, &extack), -EOPNOTSUPP);
	EXPECT_EQ(extack, "Driver does not support netmem TX");
	EXPECT_EQ(netdev_nl_bind_tx_doit(99, dfd, &extack), -ENODEV);
	e.w.dev = nullptr;
}

TEST(SockDevmem, DevmemSendOnNetmemTxDevice)
{
	Env e(KernelVersion::V6_16);
	net_device dev;
	dev.driver = "gve";
	dev.netmem_tx = true;
	e.w.dev = &dev;
	int dfd = sim_dmabuf_create(64 * 1024); // 16 pages
	int id = netdev_nl_bind_tx_doit(dev.ifindex, dfd, nullptr);
	ASSERT_EQ(id, 1);
	int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	tcp_sock *tp = established(fd);
	sys_setsockopt_int(fd, SOL_SOCKET, SO_ZEROCOPY, 1);
	// No cached route: -ENODEV.
	EXPECT_EQ(sendmsg1(fd, 0, 6000, {cmsg_u32(SCM_DEVMEM_DMABUF, (u32)id)}, MSG_ZEROCOPY), -ENODEV);
	dst_entry dst;
	dst.dev = &dev;
	tp->sk_dst_cache = &dst;
	// iov_base 2048 = offset into the dma-buf: net_iov frags [2048, 4096) and [4096, 8096).
	EXPECT_EQ(sendmsg1(fd, 2048, 6000, {cmsg_u32(SCM_DEVMEM_DMABUF, (u32)id)}, MSG_ZEROCOPY), 6000);
	ASSERT_EQ(tp->sk_write_queue.size(), 1u);
	sk_buff *skb = tp->sk_write_queue[0];
	EXPECT_TRUE(skb->unreadable);
	ASSERT_EQ(skb_shinfo(skb)->nr_frags, 2);
	EXPECT_EQ(skb_shinfo(skb)->frags[0].offset, 2048u);
	EXPECT_EQ(skb_shinfo(skb)->frags[0].len, 2048u);
	EXPECT_EQ(skb_shinfo(skb)->frags[1].len, 3952u);
	EXPECT_EQ(skb_shinfo(skb)->frags[1].netmem->owner, PageOwner::NetIov);
	// Devmem sends are not charged to RLIMIT_MEMLOCK.
	EXPECT_EQ(socklayer().locked_vm, 0u);
	// Offset beyond the 64 KiB dma-buf: -EFAULT.
	EXPECT_EQ(sendmsg1(fd, 70000, 100, {cmsg_u32(SCM_DEVMEM_DMABUF, (u32)id)}, MSG_ZEROCOPY), -EFAULT);
	tp->sk_dst_cache = nullptr;
	e.w.dev = nullptr;
}

TEST(SockOpts, SetGetAndCork)
{
	Env e(KernelVersion::V6_16);
	int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	tcp_sock *tp = tcp_sk(sock_from_fd(fd));
	// SO_SNDBUF 10000 -> min(10000, wmem_max 212992) * 2 = 20000, SNDBUF_LOCK.
	EXPECT_EQ(sys_setsockopt_int(fd, SOL_SOCKET, SO_SNDBUF, 10000), 0);
	int v = 0;
	EXPECT_EQ(sys_getsockopt_int(fd, SOL_SOCKET, SO_SNDBUF, &v), 0);
	EXPECT_EQ(v, 20000);
	// SO_SNDBUF 100 -> 200 < SOCK_MIN_SNDBUF 4608.
	sys_setsockopt_int(fd, SOL_SOCKET, SO_SNDBUF, 100);
	EXPECT_EQ(tp->sk_sndbuf, 4608);
	EXPECT_EQ(sys_setsockopt_int(fd, SOL_SOCKET, SO_ZEROCOPY, 2), -EINVAL);
	EXPECT_EQ(sys_setsockopt_int(fd, SOL_TCP, TCP_MAXSEG, 50), -EINVAL); // < TCP_MIN_MSS 88
	EXPECT_EQ(sys_setsockopt_int(fd, SOL_TCP, TCP_MAXSEG, 1000), 0);
	EXPECT_EQ(sys_getsockopt_int(fd, SOL_TCP, TCP_MAXSEG, &v), 0);
	EXPECT_EQ(v, 1000); // CLOSE state: user_mss is reported
	EXPECT_EQ(sys_setsockopt_int(fd, SOL_TCP, TCP_CORK, 1), 0);
	EXPECT_EQ(tp->nonagle, TCP_NAGLE_CORK);
	EXPECT_EQ(sys_setsockopt_int(fd, SOL_TCP, TCP_NODELAY, 1), 0);
	EXPECT_EQ(sys_setsockopt_int(fd, SOL_TCP, TCP_CORK, 0), 0);
	EXPECT_EQ(tp->nonagle, TCP_NAGLE_OFF | TCP_NAGLE_PUSH);
	EXPECT_EQ(sys_setsockopt(fd, SOL_TCP, TCP_CONGESTION, "bbr", 4), -ENOENT);
	EXPECT_EQ(sys_setsockopt(fd, SOL_TCP, TCP_CONGESTION, "reno", 5), 0);
	EXPECT_EQ(tp->icsk_ca_name, "reno");
	EXPECT_EQ(sys_setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, "eth9", 5), -ENODEV);
	EXPECT_EQ(sys_setsockopt_int(fd, SOL_SOCKET, SO_MAX_PACING_RATE, 1000000), 0);
	EXPECT_EQ(tp->sk_pacing_status, SK_PACING_NEEDED);
	EXPECT_EQ(tp->sk_max_pacing_rate, 1000000u);
}

TEST(SockSendfile, SplicesFilePages)
{
	Env e(KernelVersion::V6_16);
	int fd = sys_socket(AF_INET, SOCK_STREAM, 0);
	tcp_sock *tp = established(fd);
	int ffd = sim_open_file("data.bin", 10000, 0);
	u64 off = 0;
	EXPECT_EQ(sys_sendfile(fd, ffd, &off, 10000), 10000);
	EXPECT_EQ(off, 10000u);
	ASSERT_EQ(tp->sk_write_queue.size(), 1u);
	sk_buff *skb = tp->sk_write_queue[0];
	// Three page-cache pages (4096 + 4096 + 1808), shared, not copied.
	ASSERT_EQ(skb_shinfo(skb)->nr_frags, 3);
	EXPECT_EQ(skb_shinfo(skb)->frags[0].netmem->owner, PageOwner::Spliced);
	EXPECT_EQ(skb_shinfo(skb)->frags[2].len, 1808u);
	EXPECT_TRUE(skb_shinfo(skb)->flags & SKBFL_SHARED_FRAG);
	// wmem_queued = 1280 + 10000 (spliced bytes are charged like copied ones).
	EXPECT_EQ(tp->sk_wmem_queued, 11280);
	EXPECT_EQ(sys_close(fd), 0);
	EXPECT_EQ(sys_close(fd), -EBADF);
}
