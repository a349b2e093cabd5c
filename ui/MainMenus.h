// The main window's menu bar: File, Presets (filled by PresetsMenu), Explore, View (a toggle for
// each dock) and Help. Each action calls one of the window's public slots; the menus' own
// behaviour is no more than asking which video to restore and opening the output folder.
#pragma once

#include <QHash>
#include <QList>
#include <QObject>

class QAction;
class QDockWidget;
class QMenu;

namespace kinora::ui {

class MainWindow;
class Settings;

class MainMenus : public QObject {
    Q_OBJECT
public:
    // Adds the menus to `window`'s menu bar; `settings` (the output folder) outlives them.
    MainMenus(MainWindow* window, Settings* settings, const QList<QDockWidget*>& docks);

    QMenu* presetsMenu() const { return presetsMenu_; }
    // The action named `name` ("cancelAction"...), or null.
    QAction* action(const QString& name) const { return actions_.value(name); }
    void retranslate();

private:
    QMenu* fileMenu_ = nullptr;
    QMenu* presetsMenu_ = nullptr;
    QMenu* exploreMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;
    QHash<QString, QAction*> actions_;
};

}  // namespace kinora::ui
