// The main window shell: title, menus, About dialog.
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QTest>
#include <QTimer>

#include "facade/BuildInfo.h"
#include "ui/AboutDialog.h"
#include "ui/MainWindow.h"

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void titleAndMenus() {
        kinora::ui::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.windowTitle().contains(kinora::kinoraVersion()));
        QStringList menus;
        for (QAction* action : window.menuBar()->actions()) menus << action->text().remove('&');
        QCOMPARE(menus, (QStringList{"File", "Presets", "Help"}));
    }

    void aboutNamesLibraries() {
        kinora::ui::AboutDialog dialog;
        auto* label = dialog.findChild<QLabel*>("libraryVersions");
        QVERIFY(label);
        for (const auto& library : kinora::libraryVersions()) {
            QVERIFY2(label->text().contains(library.name), qPrintable(library.name));
            QVERIFY(!library.version.isEmpty());
        }
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
