// SPDX-License-Identifier: GPL-2.0-or-later
// Saving a recorded Trace to a `.sendpath` file (one SQLite database per session) and loading it
// back. Full description, with examples: engine/sim/TRACE_FORMAT.md. Summary of schema_version 1:
//
//   meta(key TEXT PRIMARY KEY, value TEXT)      format='sendpath-trace', schema_version='1',
//                                               writer='SendPath'
//   trace_meta(idx INTEGER PRIMARY KEY, key TEXT, value TEXT)   Trace::meta, in order
//   strings(id INTEGER PRIMARY KEY, s TEXT)     StrId -> string; ids 0..n-1, id 0 = ''
//   keys(id INTEGER PRIMARY KEY, object, field, fmt, born, initial)   KeyId 0..n-1 (0 = untraced);
//                                               object/field are StrIds, fmt is sp::Fmt, born a
//                                               step, initial the value before any delta
//   regions(id INTEGER PRIMARY KEY, name, size, iova, born)   RegionId 0..n-1 (0 = untraced); iova
//                                               is the uint64 stored as a two's-complement int64
//   arrays(name TEXT PRIMARY KEY, record_size INTEGER, records INTEGER)   the five packed arrays
//   chunks(array TEXT, seq INTEGER, records INTEGER, data BLOB, crc32 INTEGER,
//          PRIMARY KEY(array, seq))             crc32 = chunk_crc32(data)
//
// Packed arrays: each is split into chunks numbered seq = 0, 1, ... in order; a chunk's data is
// `records` consecutive records, little-endian, no padding, so length(data) = records * record_size.
// The writer uses 65536 records per chunk (1 MiB for the byte arrays); readers accept any split.
// crc32 is the CRC-32 of data as zlib's crc32() computes it (reflected polynomial 0xEDB88320,
// initial value and final xor 0xFFFFFFFF): it catches a damaged or short last page.
//
//   steps (44 bytes)        deltas (20 bytes)       byte_deltas (21 bytes)    pool, text (1 byte)
//    0 u8  kind (StepKind)   0 u32 key (KeyId)        0 u32 region (RegionId)   raw bytes
//    1 u8  flags             4 i64 old_v              4 u32 offset
//    2 u16 depth            12 i64 new_v              8 u32 len
//    4 u32 fn (StrId)                                12 u64 pool_off
//    8 u32 anchor (StrId)                            20 u8  flags: bit 0 = old_zero, others 0
//   12 i64 value
//   20 u64 time_ns
//   28 u32 text_off
//   32 u32 text_len
//   36 u32 delta_begin
//   40 u32 bytes_begin
//
// The database also carries PRAGMA application_id = 0x53505452 ('SPTR') and user_version = 1;
// readers identify a trace by the meta table, not by these.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "sim/trace.h"

namespace sp
{

constexpr int TRACE_SCHEMA_VERSION = 1;
constexpr const char *TRACE_FORMAT_NAME = "sendpath-trace";
constexpr const char *TRACE_FILE_EXT = ".sendpath";

// Writes the whole trace to path in one transaction. The data goes to a temporary file in the same
// directory that is renamed over path only when complete, so on failure an existing file at path
// is untouched. false + err (naming the file) on failure.
bool save_trace(const Trace &t, const std::string &path, std::string &err);

// CRC-32 (IEEE 802.3 / zlib crc32()) of a chunk's data; CRC-32 of "123456789" is 0xCBF43926.
uint32_t chunk_crc32(const void *data, size_t len);

// Reads a trace written by save_trace, validating every index it holds (string, key and region
// ids, text and pool ranges, delta ranges of the steps), and calls rebuild_index(). nullptr + err
// (naming the file and saying what is wrong) on any problem; never trusts the file's contents.
std::unique_ptr<Trace> load_trace(const std::string &path, std::string &err);

} // namespace sp
