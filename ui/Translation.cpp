#include "ui/Translation.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace kinora::ui {

namespace {

const QString kTranslationDir = QStringLiteral(":/i18n");
const QString kPrefix = QStringLiteral("kinora_");
const QString kSuffix = QStringLiteral(".qm");

// The translators in use; QCoreApplication only keeps pointers, so they live here.
std::unique_ptr<QTranslator> installedKinora;
std::unique_ptr<QTranslator> installedQt;

void replace(std::unique_ptr<QTranslator>& installed, std::unique_ptr<QTranslator> next) {
    if (installed)
        QCoreApplication::removeTranslator(installed.get());
    installed = std::move(next);
    if (installed)
        QCoreApplication::installTranslator(installed.get());
}

}  // namespace

QStringList availableLanguages() {
    QStringList languages;
    const QStringList files =
        QDir(kTranslationDir).entryList({kPrefix + QLatin1Char('*') + kSuffix}, QDir::Files);
    for (const QString& file : files)
        languages << file.mid(kPrefix.size(), file.size() - kPrefix.size() - kSuffix.size());
    languages.sort();
    return languages;
}

bool installTranslation(const QString& language) {
    auto kinora = std::make_unique<QTranslator>();
    if (language.isEmpty()) {
        // No match for the system locale leaves the source strings, which are English.
        if (!kinora->load(QLocale(), QStringLiteral("kinora"), QStringLiteral("_"),
                          kTranslationDir))
            kinora.reset();
    } else {
        // QTranslator::load would quietly fall back from "zh_CN_x" to "zh_CN": check the name
        // first.
        if (!availableLanguages().contains(language))
            return false;
        if (!kinora->load(kPrefix + language, kTranslationDir))
            return false;
        QLocale::setDefault(QLocale(language));
    }

    // Qt's own strings follow the same language where the system has them (qt6-translations-l10n).
    std::unique_ptr<QTranslator> qt;
    const QString chosen = kinora ? kinora->language() : QString();
    if (!chosen.isEmpty()) {
        qt = std::make_unique<QTranslator>();
        if (!qt->load(QStringLiteral("qtbase_") + chosen,
                      QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            qt.reset();
    }
    replace(installedKinora, std::move(kinora));
    replace(installedQt, std::move(qt));
    return true;
}

}  // namespace kinora::ui
