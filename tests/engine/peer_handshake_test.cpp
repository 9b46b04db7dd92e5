// SPDX-License-Identifier: GPL-2.0-or-later
// The peer model answers a SYN with a SYN-ACK carrying its options; the host's connect path
// through tcp_rcv_synsent_state_process reaches ESTABLISHED (no device: the host's frames are
// handed to the peer directly, as the wire tap would).
#include <gtest/gtest.h>

#include "net/checksum.h"
#include "net/ipv4/tcp_priv.h"
#include "sim/peer.h"
#include "tcp_output_fixture.h"

namespace
{
std::vector<u8> frame_of(sk_buff *skb, const tcp_sock *tp, unsigned thl, u32 seq, u32 ack, u8 flags)
{
	// Build a host->peer frame for a TCP header taken from the skb's bytes (as the NIC would send).
	std::vector<u8> f(14 + 20 + thl, 0);
	f[12] = 0x08;
	u8 *iph = f.data() + 14;
	iph[0] = 0x45;
	iph[2] = 0;
	iph[3] = (u8)(20 + thl);
	iph[8] = 64;
	iph[9] = 6;
	std::memcpy(iph + 12, &tp->skc_rcv_saddr, 4);
	std::memcpy(iph + 16, &tp->skc_daddr, 4);
	__sum16 ic = ip_fast_csum(iph, 5);
	std::memcpy(iph + 10, &ic, 2);
	std::memcpy(iph + 20, skb->head() + skb->data - thl, thl);
	u8 *th = iph + 20;
	__sum16 c = csum_fold(csum_partial(th, (int)thl, 0)); // finish CHECKSUM_PARTIAL
	std::memcpy(th + 16, &c, 2);
	(void)seq, (void)ack, (void)flags;
	return f;
}
} // namespace

TEST(Peer, AnswersSynAndHostBecomesEstablished)
{
	TcpFixture f;
	tcp_sock *tp = f.tp;
	PeerConfig pc;
	pc.mss = 1400;
	pc.wscale = 9;
	pc.rtt_us = 2000;
	Peer *peer = peer_create(f.w, pc);
	f.w.socks.push_back(tp);
	tp->sk_state = TCP_SYN_SENT;
	tp->inet_sport = 40000;
	tp->skc_num = 40000;
	tp->skc_dport = htons(5201);
	tp->skc_rcv_saddr = htonl(SP_HOST_IP);
	tp->skc_daddr = htonl(SP_PEER_IP);
	tp->write_seq = 1000;
	tp->rx_opt_mss_clamp = TCP_MSS_DEFAULT;
	tcp_connect_init(tp);
	sk_buff *syn = f.skb(1000, 0, TCPHDR_SYN);
	syn->cb.end_seq = 1001;
	tp->tcp_rtx_queue.push_back(syn);
	tp->packets_out = 1;
	tp->write_seq = 1001;
	tp->snd_nxt = 1001;
	tcp_mstamp_refresh(tp);
	__tcp_transmit_skb(tp, syn, 1, GFP_ATOMIC, 0);
	// Hand the SYN to the peer as the wire would (at t=0; it processes at rtt/2 = 1 ms).
	auto fr = frame_of(syn, tp, 40, 1000, 0, TCPHDR_SYN);
	f.w.on_wire_out(fr.data(), fr.size());
	f.sim.run(10 * 1000000ull);
	EXPECT_TRUE(peer->syn_seen);
	EXPECT_EQ(peer->host_mss, 1460u);
	EXPECT_TRUE(peer->ws_ok);
	EXPECT_TRUE(peer->sack_ok);
	EXPECT_TRUE(peer->ts_ok);
	EXPECT_EQ(peer->csum_errors, 0u);
	// The SYN-ACK arrived after one RTT and the host processed it.
	ASSERT_GE(f.w.wire.size(), 1u);
	EXPECT_FALSE(f.w.wire.back().outbound);
	EXPECT_EQ(f.w.wire.back().time_ns, 2000000u);
	EXPECT_EQ((int)tp->sk_state, (int)TCP_ESTABLISHED);
	EXPECT_EQ((u32)tp->snd_una, 1001u);
	EXPECT_EQ((u32)tp->rx_opt_snd_wscale, 9u);
	EXPECT_EQ((u32)tp->rx_opt_mss_clamp, 1400u);
	// mss_cache = min(1500-40, 1400) - 12 (timestamps) = 1388
	EXPECT_EQ((u32)tp->mss_cache, 1388u);
	EXPECT_EQ((u32)tp->rcv_nxt, peer->isn + 1);
	// The SYN's RTT (2 ms) was sampled: srtt = 2000 us (x8 = 16000), rto = 2 + 200 ms = 202.
	EXPECT_EQ((u32)tp->srtt_us, 16000u);
	EXPECT_EQ((u32)tp->icsk_rto, 202u);
	EXPECT_EQ((u32)tp->snd_cwnd, 10u);
}
