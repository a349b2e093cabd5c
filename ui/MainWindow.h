// Kinora's main window: menus, the central workspace and the status bar.
#pragma once

#include <QMainWindow>

namespace kinora::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

public slots:
    void showAbout();

private:
    void createMenus();
};

}  // namespace kinora::ui
