// SPDX-License-Identifier: GPL-2.0-or-later
// pcapng export (checked by our reader and, when installed, by tshark) and the kernel-style
// checksum helpers the frames are built with (checked against a plain RFC 1071 implementation).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "net/checksum.h"
#include "sim/pcapng.h"
#include "sim/sim.h"

using namespace sp;
namespace fs = std::filesystem;

namespace
{

// RFC 1071, written independently of net/checksum.h: the one's-complement sum of big-endian 16-bit
// words, folded and complemented. Returns the checksum as a number in wire order (0xb861 means the
// bytes b8 61).
uint16_t rfc1071(const uint8_t *p, size_t n, uint32_t sum = 0)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

uint16_t wire16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

// A __sum16 stored the way the kernel stores it (a plain memory store), read back in wire order.
uint16_t stored(__sum16 s)
{
	uint8_t b[2];
	std::memcpy(b, &s, 2);
	return wire16(b);
}

struct Tcp {
	uint32_t seq, ack;
	uint8_t flags; // FIN 1, SYN 2, RST 4, PSH 8, ACK 16
	std::vector<uint8_t> options, payload;
	bool to_server = true;
};

// Ethernet + IPv4 + TCP with both checksums filled in by the engine's kernel-style helpers.
std::vector<uint8_t> frame(const Tcp &t, uint16_t ip_id)
{
	const uint8_t client_mac[6] = {0x3c, 0xfd, 0xfe, 0x00, 0x00, 0x01};
	const uint8_t server_mac[6] = {0x3c, 0xfd, 0xfe, 0x00, 0x00, 0x02};
	const uint8_t client_ip[4] = {10, 0, 0, 1}, server_ip[4] = {10, 0, 0, 2};
	const uint16_t client_port = 40000, server_port = 5201;
	size_t doff = 20 + t.options.size();
	size_t tcplen = doff + t.payload.size(), iplen = 20 + tcplen;
	std::vector<uint8_t> f(14 + iplen, 0);
	uint8_t *eth = f.data(), *ip = eth + 14, *th = ip + 20;
	std::memcpy(eth, t.to_server ? server_mac : client_mac, 6);
	std::memcpy(eth + 6, t.to_server ? client_mac : server_mac, 6);
	eth[12] = 0x08; // ETH_P_IP
	ip[0] = 0x45;
	ip[2] = (uint8_t)(iplen >> 8);
	ip[3] = (uint8_t)iplen;
	ip[4] = (uint8_t)(ip_id >> 8);
	ip[5] = (uint8_t)ip_id;
	ip[6] = 0x40; // DF
	ip[8] = 64;   // ttl
	ip[9] = 6;    // IPPROTO_TCP
	std::memcpy(ip + 12, t.to_server ? client_ip : server_ip, 4);
	std::memcpy(ip + 16, t.to_server ? server_ip : client_ip, 4);
	uint16_t sp = t.to_server ? client_port : server_port, dp = t.to_server ? server_port : client_port;
	th[0] = (uint8_t)(sp >> 8);
	th[1] = (uint8_t)sp;
	th[2] = (uint8_t)(dp >> 8);
	th[3] = (uint8_t)dp;
	for (int i = 0; i < 4; i++) {
		th[4 + i] = (uint8_t)(t.seq >> (24 - 8 * i));
		th[8 + i] = (uint8_t)(t.ack >> (24 - 8 * i));
	}
	th[12] = (uint8_t)((doff / 4) << 4);
	th[13] = t.flags;
	th[14] = 0xFA; // window 64240
	th[15] = 0xF0;
	std::copy(t.options.begin(), t.options.end(), th + 20);
	std::copy(t.payload.begin(), t.payload.end(), th + doff);

	// As in the kernel: iph->check = ip_fast_csum(iph, iph->ihl);
	__sum16 ipc = ip_fast_csum(ip, 5);
	std::memcpy(ip + 10, &ipc, 2);
	// As in tcp_v4_send_check()/__tcp_v4_send_check() without offload:
	// th->check = tcp_v4_check(len, saddr, daddr, csum_partial(th, len, 0));
	__be32 saddr, daddr;
	std::memcpy(&saddr, ip + 12, 4);
	std::memcpy(&daddr, ip + 16, 4);
	__sum16 tc = csum_tcpudp_magic(saddr, daddr, (u32)tcplen, 6, csum_partial(th, (int)tcplen, 0));
	std::memcpy(th + 16, &tc, 2);
	return f;
}

std::vector<PcapngFrame> handshake_and_data()
{
	std::vector<uint8_t> syn_opts = {2, 4, 0x05, 0xB4, 1, 3, 3, 7}; // MSS 1460, NOP, wscale 7
	std::string hello = "hello from SendPath\n";
	std::vector<PcapngFrame> v;
	v.push_back({1000, frame({1000, 0, 0x02, syn_opts, {}}, 1), "tcp_connect: SYN"});
	v.push_back({51000, frame({5000, 1001, 0x12, syn_opts, {}, false}, 0), "SYN-ACK from the peer"});
	v.push_back({1000000123,
		     frame({1001, 5001, 0x18, {}, std::vector<uint8_t>(hello.begin(), hello.end())}, 2),
		     "ice_tx_map: 1 frag, doorbell tail=1 \xE4\xB8\xAD"});
	return v;
}

std::string temp_path(const std::string &name)
{
	return (fs::temp_directory_path() / ("sendpath-pcapng-" + std::to_string(getpid()) + "-" + name))
	    .string();
}

std::string run(const std::string &cmd, int &status)
{
	std::string out;
	FILE *p = popen(cmd.c_str(), "r");
	if (!p) {
		status = -1;
		return out;
	}
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, p)) > 0)
		out.append(buf, n);
	status = pclose(p);
	return out;
}

std::vector<std::string> split(const std::string &s, char c)
{
	std::vector<std::string> v;
	std::string cur;
	std::istringstream in(s);
	while (std::getline(in, cur, c))
		v.push_back(cur);
	return v;
}

} // namespace

TEST(Checksum, KernelValuesAndByteOrder)
{
	// The classic IPv4 header example: wire checksum b8 61.
	uint8_t iph[20] = {0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
			   0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
	__sum16 c = ip_fast_csum(iph, 5);
	EXPECT_EQ(c, 0x61b8); // memory order on x86_64: a plain store puts b8 61 on the wire
	EXPECT_EQ(stored(c), 0xb861);
	std::memcpy(iph + 10, &c, 2);
	EXPECT_EQ(ip_fast_csum(iph, 5), 0); // a correct header verifies to 0

	EXPECT_EQ(csum_fold(0), 0xFFFF);
	EXPECT_EQ(csum_fold(0xFFFFFFFFu), 0);
	EXPECT_EQ(csum_unfold(0x1234), 0x1234u);
	EXPECT_EQ(csum_add(0xFFFFFFFFu, 1), 1u); // end-around carry
	EXPECT_EQ(csum_sub(csum_add(0x12345678u, 0x9abcdef0u), 0x9abcdef0u), 0x12345678u);
}

TEST(Checksum, MatchesRfc1071ForEveryLengthAndAlignment)
{
	Rng rng(7);
	std::vector<uint8_t> buf(300);
	for (auto &b : buf)
		b = (uint8_t)rng.u32();
	// Every length through all of csum_partial's paths (80-byte lanes, 40, 32, 16, 8, tail), at
	// every alignment, with and without a running sum.
	for (size_t align = 0; align < 8; align++)
		for (size_t len = 0; len + align <= 260; len++) {
			const uint8_t *p = buf.data() + align;
			ASSERT_EQ(stored(csum_fold(csum_partial(p, (int)len, 0))), rfc1071(p, len))
			    << "len " << len << " align " << align;
			// Splitting at an even offset and chaining the sums gives the same result.
			size_t half = (len / 2) & ~(size_t)1;
			__wsum s = csum_partial(p, (int)half, 0);
			ASSERT_EQ(csum_fold(csum_partial(p + half, (int)(len - half), s)),
				  csum_fold(csum_partial(p, (int)len, 0)));
		}
	// Degenerate data: all zeros and all ones.
	std::vector<uint8_t> z(200, 0), o(200, 0xFF);
	for (size_t len : {0, 1, 2, 40, 80, 81, 200}) {
		EXPECT_EQ(stored(csum_fold(csum_partial(z.data(), (int)len, 0))), rfc1071(z.data(), len));
		EXPECT_EQ(stored(csum_fold(csum_partial(o.data(), (int)len, 0))), rfc1071(o.data(), len));
	}
}

TEST(Checksum, TcpPseudoHeader)
{
	for (auto &f : handshake_and_data()) {
		const uint8_t *ip = f.data.data() + 14, *th = ip + 20;
		size_t tcplen = f.data.size() - 34;
		// Independent check of both checksums.
		EXPECT_EQ(rfc1071(ip, 20), 0);
		std::vector<uint8_t> pseudo(ip + 12, ip + 20);
		pseudo.insert(pseudo.end(), {0, 6, (uint8_t)(tcplen >> 8), (uint8_t)tcplen});
		pseudo.insert(pseudo.end(), th, th + tcplen);
		EXPECT_EQ(rfc1071(pseudo.data(), pseudo.size()), 0);
		// And the kernel way of verifying: the sum over a correct segment folds to 0.
		__be32 s, d;
		std::memcpy(&s, ip + 12, 4);
		std::memcpy(&d, ip + 16, 4);
		EXPECT_EQ(csum_tcpudp_magic(s, d, (u32)tcplen, 6, csum_partial(th, (int)tcplen, 0)), 0);
	}
}

TEST(Pcapng, WriteAndReadBack)
{
	auto frames = handshake_and_data();
	std::string path = temp_path("rt.pcapng"), err;
	ASSERT_TRUE(write_pcapng(path, frames, err, "e810-sim")) << err;
	auto cap = read_pcapng(path, err);
	ASSERT_TRUE(cap.has_value()) << err;
	ASSERT_EQ(cap->interfaces.size(), 1u);
	EXPECT_EQ(cap->interfaces[0].linktype, LINKTYPE_ETHERNET);
	EXPECT_EQ(cap->interfaces[0].name, "e810-sim");
	ASSERT_EQ(cap->frames.size(), frames.size());
	for (size_t i = 0; i < frames.size(); i++) {
		EXPECT_EQ(cap->frames[i].time_ns, frames[i].time_ns);
		EXPECT_EQ(cap->frames[i].data, frames[i].data);
		EXPECT_EQ(cap->frames[i].comment, frames[i].comment);
		EXPECT_EQ(cap->frames[i].orig_len, frames[i].data.size());
		EXPECT_EQ(cap->frames[i].interface, 0u);
	}

	// The streaming writer gives the same bytes; frames without a comment carry no option.
	std::string p2 = temp_path("rt2.pcapng");
	PcapngWriter w;
	ASSERT_TRUE(w.open(p2, err, "e810-sim")) << err;
	for (auto &f : frames)
		w.add(f.time_ns, f.data.data(), f.data.size(), f.comment);
	w.add(7, frames[0].data.data(), frames[0].data.size());
	EXPECT_EQ(w.frames(), 4u);
	ASSERT_TRUE(w.close(err)) << err;
	auto cap2 = read_pcapng(p2, err);
	ASSERT_TRUE(cap2.has_value()) << err;
	ASSERT_EQ(cap2->frames.size(), 4u);
	EXPECT_EQ(cap2->frames[3].comment, "");
	EXPECT_EQ(cap2->frames[3].time_ns, 7u);
	fs::remove(path);
	fs::remove(p2);
}

TEST(Pcapng, ReaderRejectsBadInput)
{
	std::string err;
	EXPECT_FALSE(read_pcapng(temp_path("missing.pcapng"), err).has_value());
	EXPECT_NE(err.find("No such file"), std::string::npos) << err;

	auto write = [](const std::string &p, const std::string &d) {
		std::ofstream(p, std::ios::binary).write(d.data(), (std::streamsize)d.size());
	};
	std::string p = temp_path("bad.pcapng");
	write(p, "");
	EXPECT_FALSE(read_pcapng(p, err).has_value());
	EXPECT_NE(err.find("empty file"), std::string::npos) << err;
	write(p, std::string("\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8));
	EXPECT_FALSE(read_pcapng(p, err).has_value());
	EXPECT_NE(err.find("classic pcap"), std::string::npos) << err;
	write(p, "GIF89a and then some more bytes");
	EXPECT_FALSE(read_pcapng(p, err).has_value());
	EXPECT_NE(err.find("not a pcapng file"), std::string::npos) << err;

	// A good file cut short at every length: always an error naming the file, never a crash.
	std::string good = temp_path("good.pcapng");
	ASSERT_TRUE(write_pcapng(good, handshake_and_data(), err)) << err;
	std::ifstream in(good, std::ios::binary);
	std::string bytes((std::istreambuf_iterator<char>(in)), {});
	for (size_t cut = 1; cut < bytes.size(); cut++) {
		write(p, bytes.substr(0, cut));
		auto c = read_pcapng(p, err);
		// Cuts on a block boundary leave a valid, shorter capture.
		if (c)
			EXPECT_LT(c->frames.size(), 3u);
		else
			EXPECT_NE(err.find(p), std::string::npos) << err;
	}
	write(p, bytes.substr(0, bytes.size() - 2));
	EXPECT_FALSE(read_pcapng(p, err).has_value());
	EXPECT_NE(err.find("truncated"), std::string::npos) << err;

	// A damaged trailer length and a packet naming a missing interface.
	std::string dmg = bytes;
	dmg[dmg.size() - 4] ^= 0x10;
	write(p, dmg);
	EXPECT_FALSE(read_pcapng(p, err).has_value());
	EXPECT_NE(err.find("trailer"), std::string::npos) << err;
	dmg = bytes;
	size_t shb_len = (uint8_t)bytes[4] | (uint8_t)bytes[5] << 8;
	size_t idb_len = (uint8_t)bytes[shb_len + 4] | (uint8_t)bytes[shb_len + 5] << 8;
	dmg[shb_len + idb_len + 8] = 3; // first EPB: interface id 3
	write(p, dmg);
	EXPECT_FALSE(read_pcapng(p, err).has_value());
	EXPECT_NE(err.find("names interface 3"), std::string::npos) << err;
	fs::remove(p);
	fs::remove(good);
}

TEST(Pcapng, OpenFailsClearly)
{
	PcapngWriter w;
	std::string err;
	EXPECT_FALSE(w.open("/nonexistent-dir/x.pcapng", err));
	EXPECT_NE(err.find("/nonexistent-dir/x.pcapng"), std::string::npos) << err;
	EXPECT_FALSE(w.is_open());
}

// Wireshark's own dissectors agree: 3 packets, our comments, no malformed packets, both checksums
// verified good, nothing at warning level or above.
TEST(Pcapng, TsharkAcceptsTheCapture)
{
	int st = 0;
	run("command -v tshark >/dev/null 2>&1", st);
	if (st != 0)
		GTEST_SKIP() << "tshark is not installed";
	auto frames = handshake_and_data();
	std::string path = temp_path("tshark.pcapng"), err;
	ASSERT_TRUE(write_pcapng(path, frames, err)) << err;
	// One line per packet; fields separated by '|', multiple values of one field by ';'.
	std::string cmd =
	    "tshark -n -r '" + path +
	    "' -o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE -T fields -E separator='|'"
	    " -E occurrence=a -E aggregator=';' -e frame.number -e frame.comment"
	    " -e ip.checksum.status -e tcp.checksum.status -e _ws.malformed -e _ws.expert.severity"
	    " -e _ws.expert.message 2>/dev/null";
	std::string out = run(cmd, st);
	ASSERT_EQ(st, 0) << cmd << "\n" << out;
	auto lines = split(out, '\n');
	ASSERT_EQ(lines.size(), 3u) << out;
	for (size_t i = 0; i < lines.size(); i++) {
		SCOPED_TRACE(lines[i]);
		auto f = split(lines[i], '|');
		f.resize(7);
		EXPECT_EQ(f[0], std::to_string(i + 1));
		EXPECT_EQ(f[1], frames[i].comment);
		EXPECT_EQ(f[2], "1"); // PROTO_CHECKSUM_E_GOOD
		EXPECT_EQ(f[3], "1");
		EXPECT_EQ(f[4], ""); // no malformed-packet marker
		// Expert severities: comment 0x100000, chat 0x200000, note 0x400000, warn 0x600000,
		// error 0x800000 (bad checksums and malformed packets are errors).
		for (auto &sev : split(f[5], ';'))
			EXPECT_LT(std::stoul(sev, nullptr, 0), 0x600000u) << "expert info: " << f[6];
	}
	fs::remove(path);
}
