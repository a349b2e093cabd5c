// What the window shows before a picture is open: what Kinora does, how to start, and, while no
// model folder is set, what the camera engine does instead and where the model comes from. The
// Help menu's text lives here too, as the longer form of the same introduction.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace kinora::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(const QIcon& icon, QWidget* parent = nullptr);

    // Whether the page explains the missing model folder.
    void setModelFolderSet(bool set);

    // The Help menu's steps, from opening a picture to a finished video.
    static QString helpText();

Q_SIGNALS:
    void openImageClicked();
    void setModelClicked();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    QLabel* text_ = nullptr;
    QPushButton* openImage_ = nullptr;
    QPushButton* setModel_ = nullptr;
    bool modelFolderSet_ = false;
};

}  // namespace kinora::ui
