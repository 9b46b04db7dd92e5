// SPDX-License-Identifier: GPL-2.0-or-later
// The simulated machine of one run: sysctls, the network device, sockets, the peer, the wire and
// the user process's memory. One World per Sim; world() returns the current one.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "linux/netdevice.h"
#include "net/sock.h"
#include "net/tcp.h"

struct Peer;
struct PeerConfig {
	u32 mss = 1460;
	u32 rcv_wnd = 65535 * 8; // bytes the peer advertises (before scaling)
	u8 wscale = 7;
	bool sack = true, timestamps = true, wscale_ok = true;
	u32 rtt_us = 100; // base one-way x2
	// "every": ACK each segment; "every2": Linux's receive-side rules (quick-ACK mode first, then
	// an ACK per two full segments, pushed small segments ACKed on read, else a delayed ACK);
	// "delayed": the same rules in ping-pong mode (TCP_QUICKACK 0 after every read).
	std::string delack = "every2";
	u32 delack_ms = 40;	       // TCP_ATO_MIN / TCP_DELACK_MIN
	std::vector<u32> drop;	       // indices (0-based) of data segments the network drops
	u32 zero_window_after = 0;     // after this many bytes received, advertise window 0 ...
	u32 reopen_window_ms = 0;      // ... and reopen it after this long (0: never)
	bool blackhole = false;	       // peer never answers (RTO backoff)
	u32 app_read_bytes_per_ms = 0; // 0: the application reads instantly
};

struct DeviceConfig {
	std::string driver = "ice"; // "ice" (E810) or "gve" (netmem-TX capable)
	unsigned ring_size = 256;
	unsigned queues = 1;
	u64 link_bps = 100000000000ull; // 100 Gb/s
	bool tso = true, csum = true, sg = true;
	unsigned itr_us = 0; // interrupt moderation (0: an interrupt per write-back)
	std::string qdisc = "pfifo_fast";
	unsigned mtu = 1500;
	u32 bql_limit_min = 0; // /sys/class/net/<dev>/queues/tx-N/byte_queue_limits/limit_min
	// The device stands in for a tun device (packetdrill): tun_net_xmit() copies user pages of
	// zerocopy skbs (skb_orphan_frags_rx) before the reader gets the packet.
	bool tun = false;
};

struct WireFrame {
	u64 time_ns;
	std::vector<u8> bytes; // Ethernet frame as on the wire (no FCS)
	size_t step;	       // trace step that put it on the wire
	std::string comment;   // pcapng comment: the step and skb that built it
	bool outbound;	       // true: host -> peer; false: peer -> host
};

struct SyscallRecord {
	std::string call; // "send(fd=3, len=10000, flags=0)"
	long ret;
	int err; // errno (positive) when ret < 0
	size_t step;
};

// ---- appended by the socket-layer area (engine/net/socket.cpp)
struct WorldSockExt {
	// The simulated process: unprivileged by default (no CAP_NET_ADMIN / CAP_NET_RAW / CAP_IPC_LOCK).
	bool cap_net_admin = false;
	u64 rlimit_memlock = 8ull << 20; // RLIMIT_MEMLOCK (bytes) for MSG_ZEROCOPY page pinning
	std::shared_ptr<void> layer;	 // SockLayer (engine/include/net/socket_api.h): fd table etc.
};

struct World {
	explicit World(sp::Sim &s);
	~World();
	sp::Sim &sim;
	tcp_sysctls sysctl;
	DeviceConfig devcfg;
	PeerConfig peercfg;
	net_device *dev = nullptr;
	std::vector<tcp_sock *> socks;
	Peer *peer = nullptr;
	std::vector<WireFrame> wire;
	std::vector<SyscallRecord> syscalls;
	std::vector<std::string> warnings;
	// Called by the device model when a frame leaves the port (and by the peer model for frames
	// arriving): records it and hands it to the other end.
	void wire_out(const u8 *frame, size_t len, const std::string &comment);
	void wire_in(const u8 *frame, size_t len, const std::string &comment);
	// User process memory: iovec bases point here (for copy and MSG_ZEROCOPY pinning).
	u64 user_alloc(size_t len, u8 fill_seed);
	std::vector<u8> user_mem; // the process's heap, base address USER_BASE
	static constexpr u64 USER_BASE = 0x7f0000000000ull;
	// Host "physical" memory allocator for DMA-able buffers (skb heads, pages).
	u64 phys_alloc(size_t len, size_t align = 64);
	u64 next_phys = 0x100000000ull;
	std::vector<std::unique_ptr<sock>> owned_socks;
	WorldSockExt sockext; // appended by the socket-layer area
	// ---- appended by the TCP area: the peer model's tap on every outbound frame (engine/sim/peer.cpp)
	std::function<void(const u8 *, size_t)> on_wire_out;
};
World &world();
struct WorldScope {
	explicit WorldScope(World &w);
	~WorldScope();
	World *prev;
};
