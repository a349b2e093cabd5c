// The user-interface language: Kinora's translations are compiled in
// (":/i18n/kinora_<language>.qm", from translations/*.ts); Qt's own (dialog buttons, About Qt) come
// from the system where installed.
#pragma once

#include <QString>
#include <QStringList>

namespace kinora::ui {

// Languages Kinora carries a translation for, e.g. {"en", "zh_CN"}, sorted.
QStringList availableLanguages();

// Makes `language` (one of availableLanguages()) the application's language, replacing any
// translation installed before. An empty `language` follows the system locale, and falls back to
// English where Kinora has no translation for it. Returns false, changing nothing, for a language
// Kinora has no translation for.
bool installTranslation(const QString& language);

}  // namespace kinora::ui
