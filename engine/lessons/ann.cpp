// SPDX-License-Identifier: GPL-2.0-or-later
#include "lessons/ann.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace sp::lessons
{

const std::string *Record::get(const std::string &key) const
{
	for (const Field &f : fields)
		if (f.key == key)
			return &f.value;
	return nullptr;
}

static bool is_record_kind(const std::string &w)
{
	return w == "function" || w == "anchor" || w == "term" || w == "lesson" || w == "checkpoint";
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
	       c == '_' || c == '-';
}

std::vector<Record> parse_ann(const std::string &text, const std::string &file, std::vector<std::string> &errs)
{
	std::vector<Record> out;
	std::istringstream in(text);
	std::string l;
	int n = 0;
	Field *last = nullptr;
	auto err = [&](const std::string &m) { errs.push_back(file + ":" + std::to_string(n) + ": " + m); };
	while (std::getline(in, l)) {
		n++;
		if (!l.empty() && l.back() == '\r')
			l.pop_back();
		if (l.empty() || l[0] == '#' || l.find_first_not_of(" \t") == std::string::npos) {
			continue;
		}
		if (l[0] == '\t') {
			err("tab at the start of a line (continuations start with two spaces)");
			continue;
		}
		if (l.rfind("  ", 0) == 0) {
			if (!last) {
				err("continuation line with no field before it");
				continue;
			}
			size_t b = l.find_first_not_of(' ');
			std::string c = l.substr(b);
			if (c == ".")
				last->value += "\n\n";
			else if (!last->value.empty() && last->value.back() != '\n')
				last->value += " " + c;
			else
				last->value += c;
			continue;
		}
		size_t colon = l.find(':');
		size_t sp = l.find(' ');
		std::string first = l.substr(0, sp);
		if (is_record_kind(first) && (colon == std::string::npos || colon > first.size())) {
			Record r;
			r.kind = first;
			r.file = file;
			r.line = n;
			if (sp != std::string::npos) {
				size_t b = l.find_first_not_of(' ', sp);
				if (b != std::string::npos)
					r.name = l.substr(b);
				while (!r.name.empty() && r.name.back() == ' ')
					r.name.pop_back();
				if (r.name.find(' ') != std::string::npos)
					err("a " + first + " name has no spaces: '" + r.name + "'");
			}
			if (r.name.empty() && first != "checkpoint")
				err("'" + first + "' needs a name");
			out.push_back(std::move(r));
			last = nullptr;
			continue;
		}
		if (colon == std::string::npos || colon == 0) {
			err("expected 'key: value' or a record line (function/anchor/term/lesson/checkpoint), got '" +
			    l.substr(0, 40) + "'");
			continue;
		}
		std::string key = l.substr(0, colon);
		bool ok = true;
		for (char c : key)
			ok = ok && is_key_char(c);
		if (!ok) {
			err("bad field name '" + key + "'");
			continue;
		}
		if (out.empty()) {
			err("field '" + key + "' before any record");
			continue;
		}
		Record &r = out.back();
		if (r.get(key))
			err("field '" + key + "' given twice in " + r.kind + " " + r.name);
		size_t b = l.find_first_not_of(' ', colon + 1);
		r.fields.push_back({key, b == std::string::npos ? "" : l.substr(b), n});
		last = &r.fields.back();
	}
	return out;
}

bool read_file(const std::string &path, std::string &out, std::string &err)
{
	std::ifstream f(path, std::ios::binary);
	if (!f) {
		err = path + ": cannot open: " + strerror(errno);
		return false;
	}
	std::ostringstream ss;
	ss << f.rdbuf();
	out = ss.str();
	return true;
}

} // namespace sp::lessons
