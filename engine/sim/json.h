// SPDX-License-Identifier: GPL-2.0-or-later
// A minimal JSON writer for the CLI's --json output (objects, arrays, strings, numbers).
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace sp
{

class Json
{
public:
	Json &begin_obj()
	{
		sep();
		out_ += '{';
		first_.push_back(true);
		return *this;
	}
	Json &end_obj()
	{
		out_ += '}';
		first_.pop_back();
		return *this;
	}
	Json &begin_arr()
	{
		sep();
		out_ += '[';
		first_.push_back(true);
		return *this;
	}
	Json &end_arr()
	{
		out_ += ']';
		first_.pop_back();
		return *this;
	}
	Json &key(const std::string &k)
	{
		sep();
		str_(k);
		out_ += ':';
		pending_ = true;
		return *this;
	}
	Json &str(const std::string &v)
	{
		sep();
		str_(v);
		return *this;
	}
	Json &num(int64_t v)
	{
		sep();
		out_ += std::to_string(v);
		return *this;
	}
	Json &unum(uint64_t v)
	{
		sep();
		out_ += std::to_string(v);
		return *this;
	}
	Json &dbl(double v)
	{
		sep();
		char b[64];
		snprintf(b, sizeof b, "%.6g", v);
		out_ += b;
		return *this;
	}
	Json &boolean(bool v)
	{
		sep();
		out_ += v ? "true" : "false";
		return *this;
	}
	Json &null()
	{
		sep();
		out_ += "null";
		return *this;
	}
	Json &kv(const std::string &k, const std::string &v) { return key(k).str(v); }
	Json &kv(const std::string &k, const char *v) { return key(k).str(v); }
	Json &kv(const std::string &k, int64_t v) { return key(k).num(v); }
	Json &kv(const std::string &k, uint64_t v) { return key(k).unum(v); }
	Json &kv(const std::string &k, int v) { return key(k).num(v); }
	Json &kv(const std::string &k, unsigned v) { return key(k).unum(v); }
	Json &kv(const std::string &k, bool v) { return key(k).boolean(v); }
	const std::string &text() const { return out_; }

private:
	void sep()
	{
		if (pending_) {
			pending_ = false;
			return;
		}
		if (!first_.empty()) {
			if (!first_.back())
				out_ += ',';
			first_.back() = false;
		}
	}
	void str_(const std::string &s)
	{
		out_ += '"';
		for (unsigned char c : s) {
			if (c == '"' || c == '\\') {
				out_ += '\\';
				out_ += (char)c;
			} else if (c < 0x20) {
				char b[8];
				snprintf(b, sizeof b, "\\u%04x", c);
				out_ += b;
			} else {
				out_ += (char)c;
			}
		}
		out_ += '"';
	}
	std::string out_;
	std::vector<bool> first_;
	bool pending_ = false;
};

} // namespace sp
