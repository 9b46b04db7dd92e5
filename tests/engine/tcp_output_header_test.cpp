// SPDX-License-Identifier: GPL-2.0-or-later
// __tcp_transmit_skb builds the TCP header into the skb's bytes: checked byte by byte.
#include <gtest/gtest.h>

#include "net/checksum.h"
#include "tcp_output_fixture.h"

TEST(TcpOutputHeader, KnownSegmentBytes)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	tp->inet_sport = 40000;	     // 0x9c40
	tp->skc_dport = htons(5201); // 0x1451
	tp->skc_rcv_saddr = htonl(0x0a000001);
	tp->skc_daddr = htonl(0x0a000002);
	tp->rcv_nxt = 0x01020304;
	tp->copied_seq = tp->rcv_nxt; // nothing unread
	tp->rcv_wup = tp->rcv_nxt;
	tp->rcv_wnd = 0; // no earlier offer to keep
	tp->rx_opt_tstamp_ok = 1;
	tp->tcp_header_len = 32;
	tp->tsoffset = 0x1000;
	tp->rx_opt_ts_recent = 0xabcd;
	tp->rx_opt_rcv_wscale = 7;
	tp->window_clamp = 65535u << 7;
	tp->rcv_ssthresh = 64240;
	tp->rcv_mss = 536;
	tp->tcp_clock_cache = 5000000000ull; // 5 s: TSval = 5000 ms + 0x1000 = 9096 = 0x2388
	sk_buff *s = f.skb(1000, 100, TCPHDR_ACK | TCPHDR_PSH);
	tp->tcp_rtx_queue.push_back(s); // owned by the fixture
	// No device: ip_queue_xmit fails, but the clone shares the head, so the header bytes stay.
	__tcp_transmit_skb(tp, s, 1, GFP_ATOMIC, tp->rcv_nxt);
	const u8 *th = s->head() + s->data - 32;
	// Window: tcp_space = 131072*128>>8 = 65536 > rcv_ssthresh -> 64240; ALIGN(64240, 128) = 64256;
	// 64256 >> 7 = 502 = 0x01f6.
	const u8 want[32] = {0x9c, 0x40, 0x14, 0x51, 0x00, 0x00, 0x03, 0xe8, 0x01, 0x02, 0x03, 0x04,
			     0x80, 0x18, // doff 8 (32 bytes), ACK|PSH
			     0x01, 0xf6, // window 502
			     0x14, 0x8d, // check, see below
			     0x00, 0x00, // urg_ptr
			     0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x23, 0x88, 0x00, 0x00, 0xab, 0xcd};
	// Pseudo-header sum, 16-bit words: 0a00+0001+0a00+0002+0006 (proto)+0084 (len 132) = 0x148d;
	// csum_tcpudp_magic() is its complement, and th->check = ~that = 0x148d (network order 14 8d).
	for (int i = 0; i < 32; i++)
		EXPECT_EQ(th[i], want[i]) << "byte " << i;
	EXPECT_EQ(tp->rcv_wnd, 64256u);
	// Offload metadata: the device finishes the sum from csum_start and stores at +16.
	EXPECT_EQ((unsigned)s->ip_summed, (unsigned)CHECKSUM_PARTIAL);
	// Finishing as the NIC does gives a segment that verifies.
	u8 seg[132];
	std::memcpy(seg, th, 132);
	__sum16 c = csum_fold(csum_partial(seg, 132, 0));
	std::memcpy(seg + 16, &c, 2);
	EXPECT_EQ(csum_tcpudp_magic(tp->skc_rcv_saddr, tp->skc_daddr, 132, 6, csum_partial(seg, 132, 0)), 0);
	// The failed transmit gave back what it charged: sk_wmem_alloc back to 1.
	EXPECT_EQ((int)tp->sk_wmem_alloc, 1);
}

TEST(TcpOutputHeader, SynOptionsInLinuxOrder)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	tp->sk_state = TCP_SYN_SENT;
	tp->inet_sport = 40000;
	tp->skc_dport = htons(80);
	tp->advmss = 1460;
	tp->rcv_wnd = 64240;
	tp->rx_opt_rcv_wscale = 7;
	tp->tsoffset = 0;
	tp->tcp_clock_cache = 1000000000ull; // TSval 1000 = 0x3e8
	sk_buff *s = f.skb(7, 0, TCPHDR_SYN);
	s->cb.end_seq = 8;
	tp->tcp_rtx_queue.push_back(s);
	__tcp_transmit_skb(tp, s, 1, GFP_ATOMIC, 0);
	const u8 *th = s->head() + s->data - 40;
	// doff 10, SYN; unscaled window 64240 = 0xfaf0
	EXPECT_EQ(th[12], 0xa0);
	EXPECT_EQ(th[13], 0x02);
	EXPECT_EQ(th[14], 0xfa);
	EXPECT_EQ(th[15], 0xf0);
	// MSS 1460 | SACK_PERM+TS | tsval tsecr | NOP WS 7
	const u8 opts[20] = {0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00,
			     0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07};
	for (int i = 0; i < 20; i++)
		EXPECT_EQ(th[20 + i], opts[i]) << "option byte " << i;
}

TEST(TcpOutputWindow, InitialWindowAndScalePerVersion)
{
	// tcp_full_space = 131072 * 128 >> 8 = 65536; rounddown(65536, 1460) = 64240.
	// wscale: ilog2(max(space, tcp_rmem[2])) - 15: 6.15 ilog2(6291456)=22 -> 7; 6.16 ilog2(33554432)=25
	// -> 10.
	for (auto v : {sp::KernelVersion::V6_15, sp::KernelVersion::V6_16}) {
		TcpFixture f(v);
		u32 rcv_wnd = 0, clamp = 0;
		u8 ws = 0;
		tcp_select_initial_window(f.tp, 65536, 1460, &rcv_wnd, &clamp, 1, &ws, 0);
		EXPECT_EQ(rcv_wnd, 64240u);
		EXPECT_EQ(ws, v == sp::KernelVersion::V6_16 ? 10 : 7);
		EXPECT_EQ(clamp, 65535u << ws);
	}
}
