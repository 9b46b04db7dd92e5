// SPDX-License-Identifier: GPL-2.0-or-later
// Kernel source for the source pane. SendPath ships no Linux source: the user imports the modelled
// functions from their own kernel tree (a directory, or a git repository and a tag such as v6.16)
// into their user database; failing that, the excerpt quoted in the owner's notes is shown.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lessons/catalog.h"

#include <memory>

namespace sp::sql
{
struct Db;
}

namespace sp::lessons
{

struct SourceExcerpt {
	std::string function, version, path;
	std::string origin; // "tree" (imported), "notes", or "" (none)
	std::string provenance; // the tree and revision, or the note and the version it states
	std::string license;	// "GPL-2.0 (Linux kernel)" ...
	std::string text;
	int first_line = 1;			 // line number of text's first line in the kernel file
	std::map<std::string, int> anchor_line; // anchor -> 1-based line within text
};

// The definition of `name` in a C file's text: the first column-0 line starting with def (or, with
// def empty, containing "name(" and not ending in ';'), through the next '}' at column 0.
bool extract_function(const std::string &file_text, const std::string &name, const std::string &def,
		      int &first_line, std::string &body);
// 1-based line of the first line of body containing match (0: none).
int locate_line(const std::string &body, const std::string &match);

// Where the per-user data lives: $SENDPATH_USER_DB, else $XDG_DATA_HOME/sendpath/user.db, else
// ~/.local/share/sendpath/user.db.
std::string default_user_db();

// The user's database: imported kernel source and guided-lesson progress.
class UserStore
{
public:
	UserStore();
	~UserStore();
	bool open(const std::string &path, std::string &err);
	bool is_open() const { return db_ != nullptr; }
	const std::string &path() const { return path_; }
	bool put_source(const std::string &version, const std::string &fn, const std::string &path, int first_line,
			const std::string &text, const std::string &provenance, std::string &err);
	std::optional<SourceExcerpt> source(const std::string &fn, const std::string &version) const;
	int source_count(const std::string &version) const;
	void exec(const char *sql); // BEGIN / COMMIT around bulk imports
	bool record_answer(const std::string &user, int lesson, int checkpoint, const std::string &given,
			   const std::string &answer, bool correct, std::string &err);
	// (lesson -> (checkpoints answered, answered correctly)) of a user.
	std::map<int, std::pair<int, int>> progress(const std::string &user) const;

private:
	std::unique_ptr<sql::Db> db_;
	std::string path_;
};

struct ImportReport {
	int functions = 0, found = 0, anchors = 0, anchors_located = 0;
	std::vector<std::string> problems; // "function X: net/ipv4/tcp.c not in the tree" ...
};

// Imports every kernel/libc function of the catalogue for `version` ("6.15"/"6.16") from tree
// (a directory; with rev non-empty, a git repository read with `git show rev:path`).
bool import_kernel_source(const Catalog &c, const std::string &version, const std::string &tree,
			  const std::string &rev, UserStore &store, ImportReport &rep, std::string &err);

// What the source pane shows for fn on a version: the imported text, else the notes excerpt, else
// an excerpt with empty origin. Anchor lines are located with each anchor's match.
SourceExcerpt resolve_source(const Catalog &c, const UserStore *store, const std::string &fn,
			     const std::string &version);

} // namespace sp::lessons
