// Kinora's main window: menus, the workspace (a welcome page, then the opened picture) and the
// status bar.
#pragma once

#include <QMainWindow>

class QLabel;
class QStackedWidget;

namespace kinora::ui {

class ImagePreview;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);

    // Shows the picture at `path`. On failure, says why (status bar and a message box that does not
    // block) and keeps what was shown before.
    bool openImage(const QString& path);
    QString imagePath() const { return imagePath_; }

public slots:
    void chooseImage();
    void showHelp();
    void showAbout();

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createMenus();
    QWidget* createWelcomePage();
    void updateTitle();

    QStackedWidget* workspace_ = nullptr;
    ImagePreview* preview_ = nullptr;
    QString imagePath_;
};

}  // namespace kinora::ui
