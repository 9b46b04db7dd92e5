// SPDX-License-Identifier: GPL-2.0-or-later
// Kernel integer types and errno values used by the model (values as on x86_64 Linux).
#pragma once
#include <cstdint>
#include <cstddef>

using u8 = uint8_t;
using u16 = uint16_t;
using u32 = uint32_t;
using u64 = uint64_t;
using s8 = int8_t;
using s16 = int16_t;
using s32 = int32_t;
using s64 = int64_t;
using __be16 = uint16_t;
using __be32 = uint32_t;
using __wsum = uint32_t;
using __sum16 = uint16_t;
using dma_addr_t = uint64_t;
using gfp_t = unsigned;

constexpr gfp_t GFP_KERNEL = 0xcc0, GFP_ATOMIC = 0x820;

// errno values: the C library's (identical to Linux's asm-generic values on x86_64).
#include <cerrno>
#ifndef ERESTARTSYS
#define ERESTARTSYS 512
#endif
const char *errno_name(int e);  // "EAGAIN" (engine/sim/errno.cpp)

constexpr unsigned HZ = 1000;  // CONFIG_HZ
constexpr uint32_t HZ_MS(uint32_t ms) { return ms * HZ / 1000; }  // msecs_to_jiffies
constexpr unsigned PAGE_SHIFT = 12;
constexpr unsigned PAGE_SIZE = 1u << PAGE_SHIFT;
constexpr unsigned SMP_CACHE_BYTES = 64;
constexpr unsigned L1_CACHE_ALIGN(unsigned x) { return (x + SMP_CACHE_BYTES - 1) & ~(SMP_CACHE_BYTES - 1); }
template <class T> constexpr T ALIGN(T x, T a) { return (x + a - 1) & ~(a - 1); }

// Sequence-space comparisons (include/net/tcp.h before/after).
static inline bool before(u32 seq1, u32 seq2) { return (s32)(seq1 - seq2) < 0; }
static inline bool after(u32 seq2, u32 seq1) { return before(seq1, seq2); }

static inline u16 htons(u16 x) { return (u16)((x << 8) | (x >> 8)); }
static inline u16 ntohs(u16 x) { return htons(x); }
static inline u32 htonl(u32 x) { return __builtin_bswap32(x); }
static inline u32 ntohl(u32 x) { return __builtin_bswap32(x); }
