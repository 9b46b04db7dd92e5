// SPDX-License-Identifier: GPL-2.0-or-later
// The line syntax shared by lessons/functions/*.ann, lessons/glossary.ann and lessons/guided/*.lesson
// (lessons/FORMAT.md): record lines ("function NAME"), "key: value" fields, two-space continuations.
#pragma once
#include <string>
#include <vector>

namespace sp::lessons
{

struct Field {
	std::string key, value;
	int line = 0;
};

struct Record {
	std::string kind; // function | anchor | term | lesson | checkpoint
	std::string name; // may be empty (checkpoint)
	std::string file; // as given to parse_ann (for messages)
	int line = 0;
	std::vector<Field> fields;
	const std::string *get(const std::string &key) const;
	std::string value(const std::string &key) const
	{
		const std::string *v = get(key);
		return v ? *v : std::string();
	}
	std::string where() const { return file + ":" + std::to_string(line); }
};

// Parses text (named `file` in messages). Problems are appended to errs as "FILE:LINE: message";
// parsing goes on after an error so that one run reports every mistake.
std::vector<Record> parse_ann(const std::string &text, const std::string &file, std::vector<std::string> &errs);

// Reads a whole file; false (err names the file) if it cannot.
bool read_file(const std::string &path, std::string &out, std::string &err);

} // namespace sp::lessons
