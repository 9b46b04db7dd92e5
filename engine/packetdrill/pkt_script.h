// SPDX-License-Identifier: GPL-2.0-or-later
// A parsed packetdrill script (google/packetdrill syntax): header options, an init command, and
// timed events (packets, system calls, shell commands, %{ python }% blocks). Not kernel code.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sp::pkt
{

// A syscall argument or return value: numbers, symbols, `...`, [lists], {structs}, A|B,
// name(args)=value (msg_iov(1)=[...]) and name=value fields.
struct Expr {
	enum Kind { Num, Ident, Ellipsis, Str, List, Struct, Or, Field } kind = Ellipsis;
	int64_t num = 0;
	std::string s;		    // Ident name / Str text / Field name
	std::vector<Expr> kids;	    // List/Struct elements, Or operands, Field call args
	std::shared_ptr<Expr> val;  // Field value (after '=')
	bool has_call_args = false; // Field written name(args)=value
	std::string text() const;   // packetdrill-like spelling, for messages
};

enum class TimeType { Absolute, Relative, Any, AbsRange, RelRange };
struct TimeSpec {
	TimeType type = TimeType::Absolute;
	int64_t us = 0, end_us = 0; // end_us: end of a ~ range
	bool blocking = false;	    // "start...end" form of a blocking syscall
	int64_t block_end_us = 0;   // the end time, same base as the start
};

struct TcpOpt {
	std::string kind; // mss, wscale, sackOK, nop, eol, TS, sack, FO, md5, exp
	uint32_t a = 0, b = 0;
	std::vector<std::pair<uint32_t, uint32_t>> blocks; // sack
	std::vector<uint8_t> cookie;			   // FO / FOEXP: the cookie bytes (none: a request)
};

struct PacketSpec {
	bool outbound = false;
	uint8_t flags = 0; // TCPHDR_* bits
	std::string flags_text;
	uint32_t seq = 0, end = 0, len = 0;
	bool has_ack = false, has_win = false, has_urg = false;
	uint32_t ack = 0, win = 0, urg = 0;
	bool opts_given = false, opts_any = false; // <...> = options not checked
	std::vector<TcpOpt> opts;
	std::string ecn; // "", "noecn", "ect0", "ect1", "ce", "ect01"
};

struct SyscallSpec {
	std::string name;
	std::vector<Expr> args;
	Expr ret;
	std::string err;      // errno name (EAGAIN) or ""
	std::string err_text; // "(Resource temporarily unavailable)"
};

struct Event {
	enum Kind { Packet, Syscall, Command, Code } kind = Packet;
	int line = 0;
	TimeSpec time;
	PacketSpec pkt;
	SyscallSpec sc;
	std::string text; // Command / Code text
};

struct Script {
	std::string path, text;
	std::vector<std::pair<std::string, std::string>> options; // --name[=value]
	struct Cmd {
		int line;
		std::string text;
	};
	std::vector<Cmd> init_cmds, cleanup_cmds;
	std::vector<Event> events;
};

// Parse errors: "FILE:LINE: syntax error: ...". Returns false on error.
bool parse_script(const std::string &text, const std::string &path, Script &out, std::string &err);

} // namespace sp::pkt
