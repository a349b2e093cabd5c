// Light and dark appearance. Qt 6.4 cannot ask every Linux desktop for its colour scheme, so
// "auto" follows what the desktop says through the channels that exist (the platform theme's
// palette, GTK_THEME's ":dark" variant, GNOME's color-scheme setting) and falls back to light.
#pragma once

#include <QString>

namespace kinora::ui {

enum class Theme { Auto, Light, Dark };

// "auto", "light", "dark"; unknown names are Auto.
Theme themeFromName(const QString& name);
QString themeName(Theme theme);

// Whether the desktop asks for dark colours (what Auto follows).
bool systemPrefersDark();

// Fusion style with a light or dark palette (Auto decides with systemPrefersDark()).
void applyTheme(Theme theme);
// Whether the palette in use is a dark one.
bool isDarkPalette();

}  // namespace kinora::ui
