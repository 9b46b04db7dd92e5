// SPDX-License-Identifier: GPL-2.0-or-later
// The lessons database as the views see it: annotations in the chosen language and depth, the
// glossary, kernel source excerpts (imported from the user's tree, or quoted in the owner's notes)
// and the per-user progress. Engine-side types (sp::lessons) do the work; this only adds Qt signals.
#pragma once
#include <QObject>
#include <QString>

#include "lessons/catalog.h"
#include "lessons/source.h"

class LessonStore : public QObject
{
	Q_OBJECT
public:
	explicit LessonStore(QObject *parent = nullptr);
	// bin/../share/sendpath/lessons.db next to the executable (where the build puts it).
	static QString defaultDbPath();
	bool load(const QString &dbPath, QString *err = nullptr);
	bool loaded() const { return loaded_; }
	const sp::lessons::Catalog &catalog() const { return cat_; }
	sp::lessons::UserStore *user() { return user_.is_open() ? &user_ : nullptr; }
	const sp::lessons::UserStore *user() const { return user_.is_open() ? &user_ : nullptr; }

	// Annotation language: "en", "ko" or "zh" (follows the UI language); depth "student" | "engineer";
	// bilingual: English and Korean side by side.
	QString lang() const { return lang_; }
	QString depth() const { return depth_; }
	bool bilingual() const { return bilingual_; }
	void setLang(const QString &uiLang);
	void setDepth(const QString &d);
	void setBilingual(bool on);

	QString functionText(const QString &fn, const QString &lang) const;
	QString anchorText(const QString &anchor, const QString &lang) const;
	// A glossary term's name and text in a language (English fallback).
	QString termName(const QString &key, const QString &lang) const;
	QString termText(const QString &key, const QString &lang) const;
	sp::lessons::SourceExcerpt source(const QString &fn, const QString &version) const;
	// Imports the modelled functions from a kernel tree; a one-line summary or an error.
	bool importSource(const QString &version, const QString &tree, const QString &rev, QString *summary);

signals:
	void changed(); // language, depth, bilingual or imported source changed

private:
	sp::lessons::Catalog cat_;
	sp::lessons::UserStore user_;
	bool loaded_ = false;
	QString lang_ = "en", depth_ = "student";
	bool bilingual_ = false;
};
