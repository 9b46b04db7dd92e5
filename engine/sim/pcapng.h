// SPDX-License-Identifier: GPL-2.0-or-later
// pcapng export of the frames the emulated NIC puts on the wire, so a run can be opened in
// Wireshark/tshark, plus a minimal reader (tests, fidelity checks against real captures).
//
// What the writer produces (pcapng, draft-ietf-opsawg-pcapng; all fields little-endian):
//   Section Header Block   byte-order magic 0x1A2B3C4D, version 1.0, section length -1,
//                          option shb_userappl "SendPath"
//   Interface Description  LINKTYPE_ETHERNET (1), snaplen 0 (no limit), options if_name (when
//                          given) and if_tsresol = 9 (timestamps in nanoseconds)
//   Enhanced Packet Block  per frame: interface 0, 64-bit timestamp in ns (virtual clock),
//                          captured = original length, the frame, opt_comment (when non-empty)
// Frames are Ethernet without FCS. A comment longer than 65535 bytes is cut at a UTF-8 boundary.
#pragma once
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace sp
{

constexpr uint16_t LINKTYPE_ETHERNET = 1;

struct PcapngFrame {
	uint64_t time_ns = 0;	   // since the epoch of the capture (the virtual clock's 0)
	std::vector<uint8_t> data; // the captured bytes
	std::string comment;	   // opt_comment ("" = none)
	uint32_t orig_len = 0;	   // reader: original length on the wire; writer: 0 = data.size()
	uint32_t interface = 0;	   // reader: index into PcapngCapture::interfaces
};

class PcapngWriter
{
public:
	PcapngWriter() = default;
	PcapngWriter(const PcapngWriter &) = delete;
	PcapngWriter &operator=(const PcapngWriter &) = delete;
	~PcapngWriter(); // closes (errors then go unreported: call close())

	// Creates/truncates path and writes the section header and the interface. if_name: optional
	// interface name shown by Wireshark (e.g. "e810-sim").
	bool open(const std::string &path, std::string &err, const std::string &if_name = "");
	// Appends one frame. Errors are remembered and reported by close().
	void add(uint64_t time_ns, const uint8_t *frame, size_t len, const std::string &comment = "");
	// Flushes and closes; false with a message naming the file if any write failed.
	bool close(std::string &err);
	bool is_open() const { return f_ != nullptr; }
	size_t frames() const { return n_; }

private:
	void put(const void *p, size_t n);
	FILE *f_ = nullptr;
	std::string path_, err_;
	size_t n_ = 0;
};

// Writes all frames to path (one interface, see above).
bool write_pcapng(const std::string &path, const std::vector<PcapngFrame> &frames, std::string &err,
		  const std::string &if_name = "");

struct PcapngInterface {
	uint16_t linktype = 0;
	uint32_t snaplen = 0;
	std::string name; // if_name, if present
};

struct PcapngCapture {
	std::vector<PcapngInterface> interfaces; // of all sections, in file order
	std::vector<PcapngFrame> frames;	 // in file order (Enhanced and Simple Packet Blocks)
};

// Reads a pcapng file of either byte order and any number of sections. Timestamps are converted to
// ns using each interface's if_tsresol (default microseconds) and if_tsoffset. Other block types
// are skipped. nullopt with err naming the file and the byte offset on malformed input.
std::optional<PcapngCapture> read_pcapng(const std::string &path, std::string &err);

} // namespace sp
