// SPDX-License-Identifier: GPL-2.0-or-later
// net/ipv4/tcp_ipv4.c: active open (tcp_v4_connect), the checksum setup for offload
// (tcp_v4_send_check) and the receive entry (tcp_v4_rcv -> tcp_v4_do_rcv).
#include <cstring>

#include "net/checksum.h"
#include "net/ip.h"
#include "net/ipv4/tcp_priv.h"
#include "sim/peer.h"
#include "sim/world.h"

using namespace sp;

void tcp_v4_route(sock *sk)
{
	SP_FN("%s", sk->name.c_str());
	rtable *rt = ip_route_output_ports(sk);
	if (rt) {
		if (!sk->sk_dst_cache)
			sk->sk_dst_cache = rt;
		if (!sk->sk_gso_max_size)
			sk_setup_caps(sk, rt);
	}
	if (!sk->skc_rcv_saddr)
		sk->skc_rcv_saddr = htonl(SP_HOST_IP); // Model: fl4->saddr of the single route
}

int tcp_v4_connect(sock *sk, __be32 daddr, u16 dport)
{
	SP_FN("%s daddr=%u.%u.%u.%u dport=%u", sk->name.c_str(), ((u8 *)&daddr)[0], ((u8 *)&daddr)[1],
	      ((u8 *)&daddr)[2], ((u8 *)&daddr)[3], dport);
	tcp_sock *tp = tcp_sk(sk);
	inet_sock *inet = inet_sk(sk);
	sk->skc_daddr = daddr;
	sk->skc_dport = htons(dport);
	tcp_v4_route(sk);
	inet_csk(sk)->icsk_ext_hdr_len = 0;
	tp->rx_opt_mss_clamp = TCP_MSS_DEFAULT;
	tcp_set_state(sk, TCP_SYN_SENT);
	// inet_hash_connect(): pick an ephemeral port. Model: deterministic from sim().rng, even
	// ports first as __inet_hash_connect prefers for connect(), skipping ports in use.
	if (!sk->skc_num) {
		u16 port = 0;
		for (int tries = 0; tries < 1000 && !port; tries++) {
			u16 cand = (u16)((32768 + sim().rng.u32() % (60999 - 32768 + 1)) & ~1u);
			bool used = false;
			for (tcp_sock *o : world().socks)
				if (o != tp && o->skc_num == cand)
					used = true;
			if (!used)
				port = cand;
		}
		sk->skc_num = port;
	}
	inet->inet_sport = sk->skc_num;
	SP_LINE("tcp_v4_connect:sport", inet->inet_sport, "source port %u", inet->inet_sport);
	if (!tp->write_seq)
		tp->write_seq = sim().rng.u32(); // secure_tcp_seq(): the ISN
	tp->snd_isn = tp->write_seq;
	tp->tsoffset = sim().rng.u32(); // secure_tcp_ts_off()
	inet->inet_id = (u16)sim().rng.u32();
	int err = tcp_connect(sk);
	if (err) {
		tcp_set_state(sk, TCP_CLOSE);
		sk->sk_route_caps = 0;
	}
	SP_RET(err);
}

// tcp_v4_send_check() / __tcp_v4_send_check(): CHECKSUM_PARTIAL. th->check gets the folded
// pseudo-header sum (not complemented twice: ~csum_tcpudp_magic); the device (or
// skb_checksum_help) adds the TCP header and payload from csum_start and stores at csum_offset.
void tcp_v4_send_check(sock *sk, sk_buff *skb)
{
	SP_FN("%s %s len=%u", sk->name.c_str(), skb->name.c_str(), (unsigned)skb->len);
	__sum16 check =
	    (__sum16)~csum_tcpudp_magic(sk->skc_rcv_saddr, sk->skc_daddr, skb->len, IPPROTO_TCP, 0);
	skb->write(skb->transport_header + 16, &check, 2);
	skb->csum_start = skb->transport_header; // skb_transport_header(skb) - skb->head
	skb->csum_offset = 16;			 // offsetof(struct tcphdr, check)
	skb->ip_summed = CHECKSUM_PARTIAL;
	SP_LINE("tcp_v4_send_check:pseudo", check,
		"th->check = ~csum_tcpudp_magic(saddr, daddr, len=%u, TCP, 0) = %02x %02x; csum_start=%u "
		"csum_offset=16",
		(unsigned)skb->len, check & 0xff, check >> 8, (unsigned)skb->csum_start);
}

sock *tcp_v4_lookup(__be32 saddr, __be16 sport, __be32 daddr, __be16 dport)
{
	u16 lport = ntohs(dport);
	for (tcp_sock *tp : world().socks)
		if (tp->sk_state != TCP_LISTEN && tp->sk_state != TCP_CLOSE && tp->skc_num == lport &&
		    tp->skc_dport == sport && tp->skc_daddr == saddr)
			return tp;
	for (tcp_sock *tp : world().socks)
		if (tp->sk_state == TCP_LISTEN && tp->skc_num == lport &&
		    (!tp->skc_rcv_saddr || tp->skc_rcv_saddr == daddr))
			return tp;
	return nullptr;
}

int tcp_v4_do_rcv(sock *sk, sk_buff *skb)
{
	SP_FN("%s state=%s", sk->name.c_str(), tcp_state_name(sk->sk_state));
	if (sk->sk_state == TCP_ESTABLISHED) { // fast path
		tcp_rcv_established(sk, skb);
		SP_RET(0);
	}
	int reason = tcp_rcv_state_process(sk, skb);
	if (reason == TCP_RCV_SEND_RESET) {
		// reset: tcp_v4_send_reset(rsk, skb); discard: kfree_skb(skb)
		tcp_v4_send_reset(sk, skb);
		kfree_skb(skb);
	} else if (reason) {
		// Model: the other refusals (a stray ACK to a listener, an unacceptable ACK in
		// SYN_RECV) are dropped without the RST Linux would send.
		SP_LINE("tcp_v4_do_rcv:reset", 1, "segment not acceptable in state %s",
			tcp_state_name(sk->sk_state));
	}
	SP_RET(0);
}

// tcp_v4_send_reset(): answer a segment with a bare RST (20-byte header, no options): seq = its
// ACK number if it had one, else seq 0 with RST|ACK acknowledging everything it occupied.
// Model: sent through the connection's own route and IP path instead of the per-netns control
// socket (ip_send_unicast_reply); the addresses and ports are the same.
void tcp_v4_send_reset(sock *sk, const sk_buff *in)
{
	SP_FN("%s in=%s", sk->name.c_str(), in->name.c_str());
	const u8 *ith = tcp_hdr(in);
	u8 iflags = th_flags(in);
	if (iflags & TCPHDR_RST)
		return; // never answer a reset with a reset
	u32 seq = 0, ack = 0;
	u8 flags = TCPHDR_RST;
	if (iflags & TCPHDR_ACK) {
		seq = th_ack_seq(in);
	} else {
		flags |= TCPHDR_ACK;
		ack = in->cb.end_seq;
	}
	sk_buff *skb = alloc_skb(MAX_TCP_HEADER, GFP_ATOMIC);
	skb_reserve(skb, MAX_TCP_HEADER);
	skb_push(skb, TCP_HDR_LEN);
	skb_reset_transport_header(skb);
	u8 th[TCP_HDR_LEN] = {};
	std::memcpy(th + 0, ith + 2, 2); // source port = the segment's destination port
	std::memcpy(th + 2, ith + 0, 2);
	put_be32(th + 4, seq);
	put_be32(th + 8, ack);
	th[12] = (TCP_HDR_LEN / 4) << 4;
	th[13] = flags;
	skb->write(skb->data, th, TCP_HDR_LEN);
	SP_LINE("tcp_v4_send_reset:rst", seq, "RST seq=%u ack=%u flags=0x%02x in reply to %s", seq, ack,
		flags, in->name.c_str());
	tcp_v4_send_check(sk, skb);
	skb->protocol = ETH_P_IP;
	skb->sk = sk;
	ip_queue_xmit(sk, skb, nullptr);
}

// tcp_v4_rcv(): skb->data and network_header at the IPv4 header.
int tcp_v4_rcv(sk_buff *skb)
{
	SP_FN("%s len=%u", skb->name.c_str(), (unsigned)skb->len);
	const u8 *iph = skb->head() + skb->data;
	unsigned ihl = (iph[0] & 0xf) * 4u;
	unsigned tot_len = ((unsigned)iph[2] << 8) | iph[3];
	if (iph[9] != IPPROTO_TCP || tot_len > skb->len || tot_len < ihl + TCP_HDR_LEN) {
		kfree_skb(skb);
		SP_RET(0);
	}
	skb->network_header = (u16)skb->data;
	skb->transport_header = (u16)(skb->data + ihl);
	const u8 *th = iph + ihl;
	unsigned doff = (th[12] >> 4) * 4u;
	unsigned tcplen = tot_len - ihl;
	__be32 saddr, daddr;
	std::memcpy(&saddr, iph + 12, 4);
	std::memcpy(&daddr, iph + 16, 4);
	// tcp_checksum_complete(): verify the checksum over pseudo-header + segment.
	if (csum_tcpudp_magic(saddr, daddr, tcplen, IPPROTO_TCP, csum_partial(th, (int)tcplen, 0)) != 0) {
		world().warnings.push_back("tcp_v4_rcv: bad TCP checksum on an inbound segment");
		SP_LINE("tcp_v4_rcv:csum_error", 0, "bad checksum: drop");
		kfree_skb(skb);
		SP_RET(0);
	}
	u32 seq = th_seq(skb);
	u8 flags = th_flags(skb);
	unsigned payload = tcplen - doff;
	TCP_SKB_CB(skb)->seq = seq;
	TCP_SKB_CB(skb)->end_seq =
	    seq + ((flags & TCPHDR_SYN) ? 1 : 0) + ((flags & TCPHDR_FIN) ? 1 : 0) + payload;
	TCP_SKB_CB(skb)->tcp_flags = flags;
	// Drop IP and TCP headers (and Ethernet padding): data = payload.
	skb_pull(skb, ihl + doff);
	skb->len = payload;
	skb->tail = skb->data + payload;
	__be16 sport, dport;
	std::memcpy(&sport, th, 2);
	std::memcpy(&dport, th + 2, 2);
	sock *sk = tcp_v4_lookup(saddr, sport, daddr, dport);
	if (!sk) {
		SP_LINE("tcp_v4_rcv:no_socket", 0, "no socket for port %u: drop (a RST is not modelled)",
			ntohs(dport));
		kfree_skb(skb);
		SP_RET(0);
	}
	SP_RET(tcp_v4_do_rcv(sk, skb));
}
