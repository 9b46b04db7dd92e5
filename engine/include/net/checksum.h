// SPDX-License-Identifier: GPL-2.0-or-later
// Internet checksums with the kernel's names and semantics (include/net/checksum.h,
// arch/x86/include/asm/checksum_64.h, arch/x86/lib/csum-partial_64.c), computed exactly as an
// x86_64 kernel computes them, so a __wsum shown in the UI (skb->csum) matches a real 6.15/6.16 box.
//
// Byte order — the part that is easy to get wrong:
//  - __wsum is an unfolded 32-bit one's-complement sum of the data read as little-endian words
//    (x86_64 memory order). It only means something to the other csum_* functions.
//  - __sum16 results (csum_fold, ip_fast_csum, csum_tcpudp_magic) are already complemented and in
//    *memory order*: store them into the header with a plain 16-bit store / memcpy, exactly like
//    `iph->check = ip_fast_csum(iph, iph->ihl)` in the kernel. Do NOT htons() them. Read as a
//    number on a little-endian host they look byte-swapped: a header whose wire checksum is b8 61
//    gets the value 0x61b8.
//  - Addresses passed in are __be32 as they sit in the header (memory order);
//    `len` and `proto` of csum_tcpudp_* are host-order numbers (the kernel's convention).
//  - Verifying: ip_fast_csum() over a header with a correct check field returns 0, and
//    csum_tcpudp_magic(saddr, daddr, len, IPPROTO_TCP, csum_partial(th, len, 0)) over a segment with
//    a correct th->check returns 0.
// Like the rest of the model (htons in linux/types.h) this assumes a little-endian host.
#pragma once
#include <bit>
#include <cstring>

#include "linux/types.h"

static_assert(std::endian::native == std::endian::little, "the model assumes an x86_64-like host");

namespace sp::csum_detail
{
// One step of an x86 add-with-carry chain: a + b + carry-in; the carry-out is left in c.
static inline u64 adc64(u64 a, u64 b, unsigned &c)
{
	unsigned __int128 t = (unsigned __int128)a + b + c;
	c = (unsigned)(t >> 64);
	return (u64)t;
}
static inline u32 adc32(u32 a, u32 b, unsigned &c)
{
	u64 t = (u64)a + b + c;
	c = (unsigned)(t >> 32);
	return (u32)t;
}
// `addq w0; adcq w1..w(n-1); adcq $0` over n little-endian 64-bit words at p. (The chain never
// ends with all-ones and a carry, so the final `adcq $0` cannot overflow.)
static inline u64 add_words(u64 sum, const u8 *p, int n)
{
	unsigned c = 0;
	for (int i = 0; i < n; i++) {
		u64 w;
		std::memcpy(&w, p + 8 * i, 8);
		sum = adc64(sum, w, c);
	}
	return sum + c;
}
// Fold a 64-bit one's-complement sum into 32 bits (csum_finalize_sum in csum-partial_64.c).
static inline __wsum csum_finalize_sum(u64 temp64)
{
	return (__wsum)((temp64 + ((temp64 >> 32) | (temp64 << 32))) >> 32);
}
} // namespace sp::csum_detail

// Partial checksum of len bytes at buff, added to sum: not folded, not complemented. Same chunking
// (two 40-byte lanes, then 40/32/16/8 bytes and a zero-padded tail) as the x86_64 kernel.
static inline __wsum csum_partial(const void *buff, int len, __wsum sum)
{
	using sp::csum_detail::add_words;
	using sp::csum_detail::csum_finalize_sum;
	const u8 *p = (const u8 *)buff;
	u64 temp64 = sum;
	if (len < 0) // Model: a negative length reads nothing (the kernel never passes one)
		len = 0;
	if (len >= 80) {
		u64 temp64_2 = 0;
		do {
			temp64 = add_words(temp64, p, 5);
			temp64_2 = add_words(temp64_2, p + 40, 5);
			p += 80;
			len -= 80;
		} while (len >= 80);
		unsigned c = 0;
		temp64 = sp::csum_detail::adc64(temp64, temp64_2, c);
		temp64 += c;
	}
	if (len >= 40) {
		temp64 = add_words(temp64, p, 5);
		len -= 40;
		if (!len)
			return csum_finalize_sum(temp64);
		p += 40;
	}
	if (len & 32) {
		temp64 = add_words(temp64, p, 4);
		p += 32;
	}
	if (len & 16) {
		temp64 = add_words(temp64, p, 2);
		p += 16;
	}
	if (len & 8) {
		temp64 = add_words(temp64, p, 1);
		p += 8;
	}
	if (len & 7) {
		u8 trail[8] = {}; // load_unaligned_zeropad() and the shifts: the tail, zero padded
		std::memcpy(trail, p, (size_t)(len & 7));
		temp64 = add_words(temp64, trail, 1);
	}
	return csum_finalize_sum(temp64);
}

// Fold a 32-bit partial checksum to 16 bits and complement it (memory order, see above).
static inline __sum16 csum_fold(__wsum sum)
{
	u32 ret = sum;
	ret += (ret >> 16) | (ret << 16);
	return (__sum16)(~ret >> 16);
}

// A __sum16 back into a __wsum (as the kernel: plain widening).
static inline __wsum csum_unfold(__sum16 n)
{
	return (__wsum)n;
}

static inline __wsum csum_add(__wsum csum, __wsum addend)
{
	u32 res = csum + addend;
	return res + (res < addend);
}

static inline __wsum csum_sub(__wsum csum, __wsum addend)
{
	return csum_add(csum, ~addend);
}

// Checksum of an IPv4 header of ihl 32-bit words (ihl >= 5), ready to store in iph->check.
// (x86_64: an adcl chain over the words, adcl $0, then the fold.)
static inline __sum16 ip_fast_csum(const void *iph, unsigned int ihl)
{
	const u8 *p = (const u8 *)iph;
	u32 sum;
	std::memcpy(&sum, p, 4);
	unsigned c = 0;
	for (unsigned int i = 1; i < ihl; i++) {
		u32 w;
		std::memcpy(&w, p + 4 * i, 4);
		sum = sp::csum_detail::adc32(sum, w, c);
	}
	return csum_fold(sum + c);
}

// Pseudo-header sum for TCP/UDP over IPv4 (x86_64 version: addl/adcl of saddr, daddr,
// (len + proto) << 8 and sum). saddr/daddr in memory order; len, proto host order.
static inline __wsum csum_tcpudp_nofold(__be32 saddr, __be32 daddr, u32 len, u8 proto, __wsum sum)
{
	unsigned c = 0;
	u32 s = sp::csum_detail::adc32(saddr, daddr, c);
	s = sp::csum_detail::adc32(s, (len + proto) << 8, c);
	s = sp::csum_detail::adc32(s, sum, c);
	return s + c;
}

// Folded, complemented pseudo-header checksum: what tcp_v4_check()/udp_v4_check() return.
static inline __sum16 csum_tcpudp_magic(__be32 saddr, __be32 daddr, u32 len, u8 proto, __wsum sum)
{
	return csum_fold(csum_tcpudp_nofold(saddr, daddr, len, proto, sum));
}
