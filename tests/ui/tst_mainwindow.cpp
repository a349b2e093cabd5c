// The main window shell: title, icon, menus, opening pictures, the About dialog.
#include <QApplication>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include "facade/BuildInfo.h"
#include "ui/AboutDialog.h"
#include "ui/ImagePreview.h"
#include "ui/MainWindow.h"

namespace {

QStringList actionTexts(const QMenu* menu) {
    QStringList texts;
    for (QAction* action : menu->actions()) {
        if (!action->isSeparator())
            texts << action->text().remove(QLatin1Char('&'));
    }
    return texts;
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void titleIconAndMenus() {
        kinora::ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.windowTitle().contains(kinora::kinoraVersion()));
        QVERIFY(!window.windowIcon().pixmap(QSize(64, 64)).isNull());
        QStringList menus;
        for (QAction* action : window.menuBar()->actions())
            menus << action->text().remove('&');
        QCOMPARE(menus, (QStringList{"File", "Presets", "Help"}));
    }

    void menuEntries_data() {
        QTest::addColumn<QString>("menu");
        QTest::addColumn<QStringList>("entries");
        QTest::newRow("file") << "fileMenu" << QStringList{"Open image…", "Quit"};
        QTest::newRow("presets") << "presetsMenu" << QStringList{"No presets yet"};
        QTest::newRow("help") << "helpMenu"
                              << QStringList{"Kinora Help", "About Kinora", "About Qt"};
    }

    void menuEntries() {
        QFETCH(QString, menu);
        QFETCH(QStringList, entries);
        kinora::ui::MainWindow window;
        auto* found = window.findChild<QMenu*>(menu);
        QVERIFY(found);
        QCOMPARE(actionTexts(found), entries);
    }

    // The placeholder says what it is and cannot be chosen.
    void presetsPlaceholderIsDisabled() {
        kinora::ui::MainWindow window;
        auto* presets = window.findChild<QMenu*>(QStringLiteral("presetsMenu"));
        QVERIFY(presets);
        for (QAction* action : presets->actions())
            QVERIFY(!action->isEnabled());
    }

    void deviceInStatusBar() {
        kinora::ui::MainWindow window;
        auto* device = window.findChild<QLabel*>(QStringLiteral("deviceLabel"));
        QVERIFY(device);
        QVERIFY(device->text().contains(kinora::availableDevices()));
    }

    void opensPicture_data() {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QSize>("size");
        QTest::newRow("png") << "png" << QSize(320, 200);
        QTest::newRow("jpeg") << "jpg" << QSize(64, 96);
    }

    void opensPicture() {
        QFETCH(QString, format);
        QFETCH(QSize, size);
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString path = folder.filePath(QStringLiteral("picture.") + format);
        QImage picture(size, QImage::Format_RGB32);
        picture.fill(Qt::darkCyan);
        QVERIFY(picture.save(path));

        kinora::ui::MainWindow window;
        QVERIFY(window.openImage(path));
        QCOMPARE(window.imagePath(), QFileInfo(path).absoluteFilePath());
        auto* preview = window.findChild<kinora::ui::ImagePreview*>();
        QVERIFY(preview);
        QCOMPARE(preview->image().size(), size);
        QCOMPARE(window.findChild<QStackedWidget*>()->currentWidget(), preview);
        QVERIFY(window.windowTitle().contains(QStringLiteral("picture.") + format));
        QVERIFY(window.windowTitle().contains(kinora::kinoraVersion()));
        QVERIFY2(window.statusBar()->currentMessage().contains(
                     QStringLiteral("%1 × %2").arg(size.width()).arg(size.height())),
                 qPrintable(window.statusBar()->currentMessage()));
    }

    void unreadablePictureKeepsCurrent_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("missing") << QByteArray();
        QTest::newRow("not an image") << QByteArray("plain text, not a picture");
    }

    void unreadablePictureKeepsCurrent() {
        QFETCH(QByteArray, content);
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        const QString good = folder.filePath(QStringLiteral("good.png"));
        QImage picture(40, 30, QImage::Format_RGB32);
        picture.fill(Qt::red);
        QVERIFY(picture.save(good));
        const QString bad = folder.filePath(QStringLiteral("bad.png"));
        if (!content.isEmpty()) {
            QFile file(bad);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }

        kinora::ui::MainWindow window;
        QVERIFY(window.openImage(good));
        QVERIFY(!window.openImage(bad));
        QCOMPARE(window.imagePath(), QFileInfo(good).absoluteFilePath());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("bad.png")));
        // The message box that explains the failure is open and does not block.
        auto* box = window.findChild<QMessageBox*>();
        QVERIFY(box);
        QVERIFY(box->text().contains(QStringLiteral("bad.png")));
    }

    void aboutNamesLibraries() {
        kinora::ui::AboutDialog dialog;
        auto* label = dialog.findChild<QLabel*>("libraryVersions");
        QVERIFY(label);
        for (const auto& library : kinora::libraryVersions()) {
            QVERIFY2(label->text().contains(library.name), qPrintable(library.name));
            QVERIFY2(label->text().contains(library.version.toHtmlEscaped()),
                     qPrintable(library.version));
            QVERIFY(!library.version.isEmpty());
        }
        QVERIFY(label->text().contains(kinora::availableDevices()));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
