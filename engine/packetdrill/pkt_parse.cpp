// SPDX-License-Identifier: GPL-2.0-or-later
// A hand-written parser for packetdrill scripts (the grammar of google/packetdrill's lexer.l and
// parser.y, the parts a TCP sender script uses). Context decides the lexing: a flags word like
// "P." after '<' or '>' is not a number, "+.1" at the start of an event is a time.
#include <cctype>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "packetdrill/pkt_script.h"

namespace sp::pkt
{

std::string Expr::text() const
{
	switch (kind) {
	case Num:
		return std::to_string(num);
	case Ident:
		return s;
	case Ellipsis:
		return "...";
	case Str:
		return "\"" + s + "\"";
	case List:
	case Struct: {
		std::string t = kind == List ? "[" : "{";
		for (size_t i = 0; i < kids.size(); i++)
			t += (i ? ", " : "") + kids[i].text();
		return t + (kind == List ? "]" : "}");
	}
	case Or: {
		std::string t;
		for (size_t i = 0; i < kids.size(); i++)
			t += (i ? "|" : "") + kids[i].text();
		return t;
	}
	case Field: {
		std::string t = s;
		if (has_call_args) {
			t += "(";
			for (size_t i = 0; i < kids.size(); i++)
				t += (i ? ", " : "") + kids[i].text();
			t += ")";
		}
		return t + "=" + (val ? val->text() : "");
	}
	}
	return "?";
}

namespace
{

struct ParseError : std::runtime_error {
	int line;
	ParseError(int l, const std::string &m) : std::runtime_error(m), line(l) {}
};

class Parser
{
public:
	Parser(const std::string &t) : t_(t) {}

	void script(Script &s)
	{
		ws();
		while (peek_str("--")) {
			size_t e = t_.find('\n', p_);
			std::string o =
			    t_.substr(p_ + 2, e == std::string::npos ? std::string::npos : e - p_ - 2);
			while (!o.empty() && isspace((unsigned char)o.back()))
				o.pop_back();
			auto eq = o.find('=');
			s.options.push_back(
			    {o.substr(0, eq), eq == std::string::npos ? "" : o.substr(eq + 1)});
			advance_to(e == std::string::npos ? t_.size() : e);
			ws();
		}
		while (!eof()) {
			if (peek() == '`') {
				int l = line_;
				std::string c = backquoted();
				(s.events.empty() ? s.init_cmds : s.cleanup_cmds).push_back({l, c});
			} else {
				if (!s.cleanup_cmds.empty())
					fail("event after the final command");
				Event ev;
				ev.line = line_;
				ev.time = time();
				body(ev);
				s.events.push_back(std::move(ev));
			}
			ws();
		}
	}

private:
	const std::string &t_;
	size_t p_ = 0;
	int line_ = 1;

	[[noreturn]] void fail(const std::string &m) { throw ParseError(line_, m); }
	bool eof() const { return p_ >= t_.size(); }
	char peek(size_t k = 0) const { return p_ + k < t_.size() ? t_[p_ + k] : '\0'; }
	bool peek_str(const char *s) const { return t_.compare(p_, strlen(s), s) == 0; }
	void advance_to(size_t e)
	{
		for (; p_ < e && p_ < t_.size(); p_++)
			if (t_[p_] == '\n')
				line_++;
	}
	void get() { advance_to(p_ + 1); }
	// Skips blanks and comments; with nl=false stops at a newline (packet lines end there).
	void ws(bool nl = true)
	{
		for (;;) {
			char c = peek();
			if (c == ' ' || c == '\t' || c == '\r' || (nl && c == '\n'))
				get();
			else if (peek_str("//")) {
				size_t e = t_.find('\n', p_);
				advance_to(e == std::string::npos ? t_.size() : e);
			} else if (peek_str("/*")) {
				size_t e = t_.find("*/", p_ + 2);
				if (e == std::string::npos)
					fail("unterminated /* comment");
				advance_to(e + 2);
			} else
				return;
		}
	}
	void expect(char c)
	{
		ws();
		if (peek() != c)
			fail(std::string("expected '") + c + "' but found " + found());
		get();
	}
	std::string found() const
	{
		if (eof())
			return "end of file";
		size_t e = p_;
		while (e < t_.size() && e < p_ + 16 && t_[e] != '\n')
			e++;
		return "'" + t_.substr(p_, e - p_) + "'";
	}
	std::string ident()
	{
		ws();
		size_t b = p_;
		while (isalnum((unsigned char)peek()) || peek() == '_')
			get();
		if (b == p_)
			fail("expected a name but found " + found());
		return t_.substr(b, p_ - b);
	}
	uint64_t unsigned_num()
	{
		ws();
		size_t b = p_;
		if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
			p_ += 2;
			while (isxdigit((unsigned char)peek()))
				p_++;
		} else {
			while (isdigit((unsigned char)peek()))
				p_++;
		}
		if (b == p_)
			fail("expected a number but found " + found());
		return std::stoull(t_.substr(b, p_ - b), nullptr, 0);
	}
	// Seconds with an optional fraction ("0", "1.5", ".300") -> microseconds.
	int64_t seconds()
	{
		size_t b = p_;
		while (isdigit((unsigned char)peek()))
			p_++;
		if (peek() == '.' && peek(1) != '.') // "0.300", ".3" but not the "..." of "+0...0.3"
			for (p_++; isdigit((unsigned char)peek());)
				p_++;
		if (b == p_ || (p_ - b == 1 && t_[b] == '.'))
			fail("expected a time but found " + found());
		return llround(std::stod(t_.substr(b, p_ - b)) * 1e6);
	}
	std::string backquoted()
	{
		get(); // `
		size_t e = t_.find('`', p_);
		if (e == std::string::npos)
			fail("unterminated ` command");
		std::string c = t_.substr(p_, e - p_);
		advance_to(e + 1);
		return c;
	}

	TimeSpec time()
	{
		TimeSpec ts;
		if (peek() == '*') {
			get();
			ts.type = TimeType::Any;
			return ts;
		}
		bool rel = peek() == '+';
		if (rel)
			get();
		if (peek() == '-')
			fail("negative times are not supported");
		ts.us = seconds();
		ts.type = rel ? TimeType::Relative : TimeType::Absolute;
		if (peek() == '~') {
			get();
			bool rel2 = peek() == '+';
			if (rel2)
				get();
			if (rel2 != rel)
				fail("a time range mixes relative and absolute times");
			ts.end_us = seconds();
			ts.type = rel ? TimeType::RelRange : TimeType::AbsRange;
		}
		ws(false);
		if (peek_str("...")) {
			p_ += 3;
			ws(false);
			if (peek() == '+')
				get();
			ts.blocking = true;
			ts.block_end_us = seconds();
		}
		return ts;
	}

	void body(Event &ev)
	{
		ws(false);
		char c = peek();
		if (c == '<' || c == '>') {
			ev.kind = Event::Packet;
			packet(ev.pkt);
		} else if (c == '`') {
			ev.kind = Event::Command;
			ev.text = backquoted();
		} else if (peek_str("%{")) {
			ev.kind = Event::Code;
			size_t e = t_.find("}%", p_);
			if (e == std::string::npos)
				fail("unterminated %{ }% block");
			ev.text = t_.substr(p_ + 2, e - p_ - 2);
			advance_to(e + 2);
		} else if (isalpha((unsigned char)c) || c == '_') {
			ev.kind = Event::Syscall;
			syscall(ev.sc);
		} else {
			fail("expected a packet, a system call, a `command` or %{ code }% but found " +
			     found());
		}
	}

	void packet(PacketSpec &pk)
	{
		pk.outbound = peek() == '>';
		get();
		ws(false);
		if (peek() == '[') { // [ect0] / [noecn] / [ect1] / [ce] / [ect01]
			get();
			size_t e = t_.find(']', p_);
			if (e == std::string::npos)
				fail("unterminated [ in packet");
			pk.ecn = t_.substr(p_, e - p_);
			advance_to(e + 1);
			ws(false);
		}
		if (peek() == '(')
			fail("IP header fields '(tos ...)' in a packet");
		size_t b = p_;
		while (!eof() && !isspace((unsigned char)peek()))
			get();
		pk.flags_text = t_.substr(b, p_ - b);
		if (pk.flags_text == "udp" || pk.flags_text == "icmp" || pk.flags_text == "sctp" ||
		    pk.flags_text == "GRE" || pk.flags_text == "mpls")
			fail("non-TCP packet '" + pk.flags_text + "'");
		for (char f : pk.flags_text) {
			static const std::string names = "FSRP.UEW";
			auto i = names.find(f);
			if (i == std::string::npos)
				fail("bad TCP flag '" + std::string(1, f) + "' in '" + pk.flags_text + "'");
			pk.flags |= (uint8_t)(1u << i);
		}
		pk.seq = (uint32_t)unsigned_num();
		expect(':');
		pk.end = (uint32_t)unsigned_num();
		expect('(');
		pk.len = (uint32_t)unsigned_num();
		expect(')');
		if (pk.end - pk.seq != pk.len)
			fail("sequence range " + std::to_string(pk.seq) + ":" + std::to_string(pk.end) +
			     " does not match length " + std::to_string(pk.len));
		for (;;) {
			ws(false);
			if (peek_str("ack")) {
				p_ += 3;
				pk.has_ack = true;
				pk.ack = (uint32_t)unsigned_num();
			} else if (peek_str("win")) {
				p_ += 3;
				pk.has_win = true;
				pk.win = (uint32_t)unsigned_num();
			} else if (peek_str("urg")) {
				p_ += 3;
				pk.has_urg = true;
				pk.urg = (uint32_t)unsigned_num();
			} else if (peek() == '<') {
				get();
				pk.opts_given = true;
				options(pk);
			} else {
				break;
			}
		}
		if (!eof() && peek() != '\n' && !peek_str("//") && !peek_str("/*"))
			fail("unexpected " + found() + " after packet");
	}

	void options(PacketSpec &pk)
	{
		ws();
		if (peek_str("...")) {
			p_ += 3;
			pk.opts_any = true;
			expect('>');
			return;
		}
		for (;;) {
			TcpOpt o;
			o.kind = ident();
			if (o.kind == "mss" || o.kind == "wscale") {
				o.a = (uint32_t)unsigned_num();
			} else if (o.kind == "TS") {
				if (ident() != "val")
					fail("expected 'TS val N ecr N'");
				o.a = (uint32_t)unsigned_num();
				if (ident() != "ecr")
					fail("expected 'TS val N ecr N'");
				o.b = (uint32_t)unsigned_num();
			} else if (o.kind == "sack") {
				for (;;) {
					ws();
					if (!isdigit((unsigned char)peek()))
						break;
					uint32_t s = (uint32_t)unsigned_num();
					expect(':');
					o.blocks.push_back({s, (uint32_t)unsigned_num()});
				}
			} else if (o.kind == "nop" || o.kind == "eol" || o.kind == "sackOK") {
			} else if (o.kind == "FO" || o.kind == "FOEXP") {
				// FO = cookie request; FO abcd1234 = a cookie in hex (an even number of
				// digits)
				ws(false);
				size_t b = p_;
				while (isalnum((unsigned char)peek()) || peek() == '_')
					get();
				std::string hex = t_.substr(b, p_ - b);
				for (char c : hex)
					if (!isxdigit((unsigned char)c))
						fail("Fast Open cookie '" + hex +
						     "' (hex digits only; TFO_COOKIE is not supported)");
				if (hex.size() % 2)
					fail("Fast Open cookie '" + hex +
					     "' has an odd number of hex digits");
				for (size_t i = 0; i < hex.size(); i += 2)
					o.cookie.push_back(
					    (uint8_t)std::stoul(hex.substr(i, 2), nullptr, 16));
			} else {
				// FO, FOEXP, md5, exp, mpcapable ...: keep the kind, skip the value
				while (!eof() && peek() != ',' && peek() != '>' && peek() != '\n')
					get();
				o.kind = "unsupported:" + o.kind;
			}
			pk.opts.push_back(o);
			ws();
			if (peek() == ',') {
				get();
				continue;
			}
			expect('>');
			return;
		}
	}

	void syscall(SyscallSpec &sc)
	{
		sc.name = ident();
		expect('(');
		ws();
		if (peek() != ')') {
			for (;;) {
				sc.args.push_back(expr());
				ws();
				if (peek() == ',') {
					get();
					continue;
				}
				break;
			}
		}
		expect(')');
		expect('=');
		sc.ret = expr();
		ws(false);
		if (isupper((unsigned char)peek())) {
			sc.err = ident();
			ws(false);
		}
		if (peek() == '(') {
			size_t e = t_.find(')', p_);
			if (e == std::string::npos)
				fail("unterminated errno text");
			sc.err_text = t_.substr(p_, e + 1 - p_);
			advance_to(e + 1);
		}
	}

	Expr primary()
	{
		ws();
		Expr e;
		char c = peek();
		if (peek_str("...")) {
			p_ += 3;
			e.kind = Expr::Ellipsis;
		} else if (c == '-' || isdigit((unsigned char)c)) {
			bool neg = c == '-';
			if (neg)
				get();
			e.kind = Expr::Num;
			e.num = (int64_t)unsigned_num();
			if (neg)
				e.num = -e.num;
		} else if (c == '"') {
			get();
			size_t q = t_.find('"', p_);
			if (q == std::string::npos)
				fail("unterminated string");
			e.kind = Expr::Str;
			e.s = t_.substr(p_, q - p_);
			advance_to(q + 1);
		} else if (c == '[' || c == '{') {
			char close = c == '[' ? ']' : '}';
			get();
			e.kind = c == '[' ? Expr::List : Expr::Struct;
			ws();
			if (peek() != close) {
				for (;;) {
					e.kids.push_back(expr());
					ws();
					if (peek() == ',') {
						get();
						continue;
					}
					break;
				}
			}
			expect(close);
		} else if (isalpha((unsigned char)c) || c == '_') {
			e.s = ident();
			e.kind = Expr::Ident;
			ws();
			if (peek() == '(') {
				get();
				e.kind = Expr::Field;
				e.has_call_args = true;
				ws();
				if (peek() != ')')
					for (;;) {
						e.kids.push_back(expr());
						ws();
						if (peek() == ',') {
							get();
							continue;
						}
						break;
					}
				expect(')');
				ws();
			}
			if (peek() == '=' && peek(1) != '=') {
				get();
				e.kind = Expr::Field;
				e.val = std::make_shared<Expr>(expr());
			} else if (e.kind == Expr::Field) {
				fail("expected '=' after " + e.s + "(...)");
			}
		} else {
			fail("unexpected " + found() + " in a system call");
		}
		return e;
	}

	Expr expr()
	{
		Expr e = primary();
		ws();
		if (peek() != '|' || peek(1) == '|')
			return e;
		Expr o;
		o.kind = Expr::Or;
		o.kids.push_back(std::move(e));
		while (peek() == '|') {
			get();
			o.kids.push_back(primary());
			ws();
		}
		return o;
	}
};

} // namespace

bool parse_script(const std::string &text, const std::string &path, Script &out, std::string &err)
{
	out = Script();
	out.path = path;
	out.text = text;
	Parser p(text);
	try {
		p.script(out);
	} catch (const ParseError &e) {
		err = path + ":" + std::to_string(e.line) + ": syntax error: " + e.what();
		return false;
	} catch (const std::exception &e) { // stoull/stod overflow
		err = path + ": syntax error: " + e.what();
		return false;
	}
	return true;
}

} // namespace sp::pkt
