// Where the window's picture comes from besides a path it is given: the file dialog, the clipboard
// and a file dropped onto the window, where a Kinora video or sidecar restores its job instead.
#pragma once

#include <QObject>

class QMimeData;
class QWidget;

namespace kinora::ui {

class PictureInput : public QObject {
    Q_OBJECT
public:
    // Dialogs open over `window`.
    explicit PictureInput(QWidget* window);

    // Asks for a picture, in the folder of `currentPath` (else the user's pictures).
    void choose(const QString& currentPath);
    // The clipboard's file, or its picture written to a file first: a job needs a file (it is
    // copied beside the video as its source).
    void paste();
    // Whether a drop of `mime` is taken: one local file.
    static bool accepts(const QMimeData* mime);
    void drop(const QMimeData* mime);

Q_SIGNALS:
    void pictureChosen(const QString& path);
    // A Kinora video or its sidecar (.json) was dropped.
    void recordChosen(const QString& path);
    void statusMessage(const QString& message);
    void failed(const QString& title, const QString& message, const QString& remedy);

private:
    QWidget* window_ = nullptr;
};

}  // namespace kinora::ui
