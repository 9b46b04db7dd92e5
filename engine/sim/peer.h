// SPDX-License-Identifier: GPL-2.0-or-later
// The modelled remote TCP end (not kernel code). It sees every frame the host puts on the wire
// (World::on_wire_out), parses Ethernet/IPv4/TCP, verifies the checksums, answers the handshake
// with its own options, ACKs data per its delayed-ACK policy, SACKs holes, closes/reopens its
// window and drops the segments the scenario lists. Its answers arrive rtt_us later (rtt/2 each
// way) and enter the host through world().wire_in() and tcp_v4_rcv().
//
// API for the scenario runner:
//   Peer *p = peer_create(world, cfg);   // installs world.on_wire_out, sets world.peer; the World
//                                        // owns it (freed with World::on_wire_out)
//   p->cfg ...                           // mid-run changes (blackhole, window, ...) take effect
//                                        // on the next frame
//   peer_send_data(p, n);                // the peer's application writes n bytes to the host
//   peer_connect(p, host_port);          // active open from the peer (host side must listen)
//   the host connects to SP_PEER_IP (any port; the peer accepts every SYN).
#pragma once
#include <map>
#include <string>
#include <vector>

#include "sim/world.h"

constexpr u32 SP_HOST_IP = 0x0a000001; // 10.0.0.1 (host order)
constexpr u32 SP_PEER_IP = 0x0a000002; // 10.0.0.2

struct Peer {
	World &w;
	PeerConfig cfg;
	explicit Peer(World &wd, const PeerConfig &c) : w(wd), cfg(c) {}

	// connection (the peer models one connection)
	bool syn_seen = false, established = false, fin_received = false, fin_sent = false;
	__be32 host_addr = 0, peer_addr = 0;   // network order, as in the headers
	u16 host_port = 0, port = 0;	       // host order
	u32 isn = 0, snd_nxt = 0, snd_una = 0; // the peer's own sequence space
	u32 rcv_nxt = 0;		       // next byte expected from the host
	u32 host_mss = 536;
	u8 host_wscale = 0;
	bool ws_ok = false, sack_ok = false, ts_ok = false;
	u32 ts_recent = 0, ts_offset = 0;
	u16 ip_id = 0;

	// receive side
	u64 data_segs_seen = 0; // index for cfg.drop
	u64 bytes_received = 0; // in-order bytes delivered to the peer application
	u64 unread = 0;		// bytes the peer application has not read yet
	u64 last_read_ns = 0;
	std::map<u32, u32> ooo; // out-of-order ranges [start, end)
	u32 last_sack_start = 0, last_sack_end = 0;
	u32 rcv_nxt_acked = 0;	 // rcv_nxt carried by the last ACK sent (Linux: tp->rcv_wup)
	u32 last_adv_window = 0; // window (bytes) carried by the last ACK sent
	bool zero_window = false, zero_done = false;
	uint64_t delack_ev = 0, read_ev = 0;

	// The receiver's delayed-ACK engine as Linux keeps it in inet_connection_sock::icsk_ack
	// (delack=every2: Linux's own rules; delack=delayed: the same in ping-pong mode).
	struct AckState {
		u32 rcv_mss = 0;       // tcp_initialize_rcv_mss(), then tcp_measure_rcv_mss()
		u32 last_seg_size = 0; // last small segment's length (tcp_measure_rcv_mss)
		bool sched = false;    // ICSK_ACK_SCHED: an ACK is owed
		bool pushed = false;   // ICSK_ACK_PUSHED
		bool pushed2 = false;  // ICSK_ACK_PUSHED2
		bool timer = false;    // ICSK_ACK_TIMER: the delayed-ACK timer is armed
		bool pingpong = false; // inet_csk_in_pingpong_mode()
		u32 quick = 0;	       // icsk_ack.quick: quick ACKs left
		u64 ato_ns = 0;	       // icsk_ack.ato (0 until the first data segment)
		u64 lrcvtime_ns = 0;   // icsk_ack.lrcvtime
		u64 timeout_ns = 0;    // icsk_ack.timeout
	} ack;

	// statistics (tests, UI)
	u64 acks_sent = 0, segs_received = 0, drops = 0, csum_errors = 0, window_probes = 0;

	void on_frame(std::vector<u8> frame); // a host frame arriving at the peer (after rtt/2)
	void send(u8 flags, u32 seq, const u8 *payload, u32 len, bool syn_opts);
	void send_ack(const char *why);
	// Linux receive-side ACK decisions (tcp_input.c), on the AckState above.
	void tcp_event_data_recv(u32 len, u8 flags, unsigned doff);
	void tcp_ack_snd_check(const char *why_now);
	void tcp_send_delayed_ack();
	void tcp_cleanup_rbuf(u64 copied);
	void tcp_enter_quickack_mode(u32 max_quickacks);
	void tcp_incr_quickack(u32 max_quickacks);
	u64 rto_ns() const;
	u64 ato_min_ns() const;
	u32 window_bytes();
	u64 owd_ns() const { return (u64)cfg.rtt_us * 1000 / 2; }
};

Peer *peer_create(World &w, const PeerConfig &cfg);
void peer_send_data(Peer *p, size_t len);
void peer_connect(Peer *p, u16 host_port);
