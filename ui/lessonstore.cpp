// SPDX-License-Identifier: GPL-2.0-or-later
#include "lessonstore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

using namespace sp::lessons;

LessonStore::LessonStore(QObject *parent) : QObject(parent) {}

QString LessonStore::defaultDbPath()
{
	return QDir::cleanPath(QCoreApplication::applicationDirPath() + "/../share/sendpath/lessons.db");
}

bool LessonStore::load(const QString &dbPath, QString *err)
{
	std::string e;
	loaded_ = cat_.load_db(dbPath.toStdString(), e);
	if (!loaded_ && err)
		*err = QString::fromStdString(e);
	std::string ue;
	if (!user_.is_open() && !user_.open(default_user_db(), ue) && err && loaded_)
		*err = QString::fromStdString(ue); // lessons work; progress and imports are not kept
	emit changed();
	return loaded_;
}

void LessonStore::setLang(const QString &uiLang)
{
	QString l = uiLang.startsWith("ko") ? "ko" : uiLang.startsWith("zh") ? "zh" : "en";
	if (l == lang_)
		return;
	lang_ = l;
	emit changed();
}

void LessonStore::setDepth(const QString &d)
{
	if (d == depth_)
		return;
	depth_ = d;
	emit changed();
}

void LessonStore::setBilingual(bool on)
{
	if (on == bilingual_)
		return;
	bilingual_ = on;
	emit changed();
}

QString LessonStore::functionText(const QString &fn, const QString &lang) const
{
	return QString::fromStdString(cat_.function_text(fn.toStdString(), lang.toStdString(), depth_.toStdString()));
}

QString LessonStore::anchorText(const QString &anchor, const QString &lang) const
{
	return QString::fromStdString(cat_.anchor_text(anchor.toStdString(), lang.toStdString(),
						       depth_ == "engineer" ? "engineer" : ""));
}

static QString termField(const Catalog &c, const QString &key, const std::string &field, const QString &lang)
{
	auto it = c.terms.find(key.toStdString());
	if (it == c.terms.end())
		return {};
	auto f = it->second.text.find(field + lang.toStdString());
	if (f == it->second.text.end() || f->second.empty())
		f = it->second.text.find(field + "en");
	return f == it->second.text.end() ? QString() : QString::fromStdString(f->second);
}

QString LessonStore::termName(const QString &key, const QString &lang) const
{
	QString n = termField(cat_, key, "name.", lang);
	return n.isEmpty() ? key : n;
}

QString LessonStore::termText(const QString &key, const QString &lang) const
{
	return termField(cat_, key, "", lang);
}

SourceExcerpt LessonStore::source(const QString &fn, const QString &version) const
{
	return resolve_source(cat_, user(), fn.toStdString(), version.toStdString());
}

bool LessonStore::importSource(const QString &version, const QString &tree, const QString &rev, QString *summary)
{
	if (!user_.is_open()) {
		std::string e;
		if (!user_.open(default_user_db(), e)) {
			*summary = QString::fromStdString(e);
			return false;
		}
	}
	ImportReport rep;
	std::string e;
	if (!import_kernel_source(cat_, version.toStdString(), tree.toStdString(), rev.toStdString(), user_, rep, e)) {
		*summary = QString::fromStdString(e);
		return false;
	}
	*summary = tr("Imported %1 of %2 functions for Linux %3 from %4; %5 of %6 line anchors located.")
		       .arg(rep.found)
		       .arg(rep.functions)
		       .arg(version, QFileInfo(tree).absoluteFilePath())
		       .arg(rep.anchors_located)
		       .arg(rep.anchors);
	emit changed();
	return true;
}
