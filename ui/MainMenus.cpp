#include "ui/MainMenus.h"

#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QUrl>

#include "ui/MainWindow.h"
#include "ui/Settings.h"

namespace kinora::ui {

MainMenus::MainMenus(MainWindow* window, Settings* settings, const QList<QDockWidget*>& docks)
    : QObject(window) {
    const auto action = [this, window](QMenu* menu, const QString& name, auto slot,
                                       const QKeySequence& shortcut = {}) {
        QAction* created = menu->addAction(QString(), window, slot);
        created->setObjectName(name);
        created->setShortcut(shortcut);
        actions_.insert(name, created);
        return created;
    };
    QMenuBar* bar = window->menuBar();
    fileMenu_ = bar->addMenu(QString());
    fileMenu_->setObjectName(QStringLiteral("fileMenu"));
    action(fileMenu_, QStringLiteral("openImageAction"), &MainWindow::chooseImage,
           QKeySequence::Open);
    action(fileMenu_, QStringLiteral("pasteImageAction"), &MainWindow::pasteImage,
           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_V));
    action(
        fileMenu_, QStringLiteral("restoreAction"),
        [window, settings] {
            const QString path = QFileDialog::getOpenFileName(
                window, tr("Restore settings from a Kinora video"), settings->outputFolder(),
                tr("Kinora videos and sidecars (*.mp4 *.webm *.gif *.json)"));
            if (!path.isEmpty())
                window->restoreFrom(path);
        },
        QKeySequence(Qt::CTRL | Qt::Key_R));
    action(fileMenu_, QStringLiteral("openOutputAction"), [settings] {
        QDir().mkpath(settings->outputFolder());
        QDesktopServices::openUrl(QUrl::fromLocalFile(settings->outputFolder()));
    });
    fileMenu_->addSeparator();
    action(fileMenu_, QStringLiteral("generateAction"), &MainWindow::generate,
           QKeySequence(Qt::CTRL | Qt::Key_Return));
    action(fileMenu_, QStringLiteral("cancelAction"), &MainWindow::cancelJob,
           QKeySequence(Qt::Key_Escape));
    fileMenu_->addSeparator();
    action(fileMenu_, QStringLiteral("settingsAction"), &MainWindow::showSettings,
           QKeySequence::Preferences);
    fileMenu_->addSeparator();
    action(fileMenu_, QStringLiteral("quitAction"), &QWidget::close, QKeySequence::Quit);
    // Ctrl+Return also from inside the prompt editor, where Return makes a new line.
    window->addAction(actions_.value(QStringLiteral("generateAction")));
    window->addAction(actions_.value(QStringLiteral("cancelAction")));

    presetsMenu_ = bar->addMenu(QString());
    presetsMenu_->setObjectName(QStringLiteral("presetsMenu"));

    exploreMenu_ = bar->addMenu(QString());
    exploreMenu_->setObjectName(QStringLiteral("exploreMenu"));
    action(exploreMenu_, QStringLiteral("exploreAction"), &MainWindow::explore,
           QKeySequence(Qt::CTRL | Qt::Key_E));
    action(exploreMenu_, QStringLiteral("compareAction"), &MainWindow::compareRound,
           QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));

    viewMenu_ = bar->addMenu(QString());
    viewMenu_->setObjectName(QStringLiteral("viewMenu"));
    for (QDockWidget* dock : docks)
        viewMenu_->addAction(dock->toggleViewAction());

    helpMenu_ = bar->addMenu(QString());
    helpMenu_->setObjectName(QStringLiteral("helpMenu"));
    action(helpMenu_, QStringLiteral("helpAction"), &MainWindow::showHelp,
           QKeySequence::HelpContents);
    helpMenu_->addSeparator();
    action(helpMenu_, QStringLiteral("aboutAction"), &MainWindow::showAbout);
    QAction* aboutQt = helpMenu_->addAction(QString(), qApp, &QApplication::aboutQt);
    aboutQt->setObjectName(QStringLiteral("aboutQtAction"));
    actions_.insert(aboutQt->objectName(), aboutQt);
}

void MainMenus::retranslate() {
    fileMenu_->setTitle(tr("&File"));
    presetsMenu_->setTitle(tr("&Presets"));
    viewMenu_->setTitle(tr("&View"));
    exploreMenu_->setTitle(tr("E&xplore"));
    helpMenu_->setTitle(tr("&Help"));
    const QHash<QString, QString> texts{
        {QStringLiteral("openImageAction"), tr("&Open image…")},
        {QStringLiteral("pasteImageAction"), tr("&Paste image")},
        {QStringLiteral("restoreAction"), tr("&Restore from video…")},
        {QStringLiteral("openOutputAction"), tr("Open output &folder")},
        {QStringLiteral("generateAction"), tr("&Generate")},
        {QStringLiteral("cancelAction"), tr("&Cancel job")},
        {QStringLiteral("settingsAction"), tr("&Settings…")},
        {QStringLiteral("quitAction"), tr("&Quit")},
        {QStringLiteral("helpAction"), tr("Kinora &Help")},
        {QStringLiteral("aboutAction"), tr("&About Kinora")},
        {QStringLiteral("aboutQtAction"), tr("About &Qt")},
        {QStringLiteral("exploreAction"), tr("&Explore prompts and seeds…")},
        {QStringLiteral("compareAction"), tr("&Compare the last round")},
    };
    for (auto it = texts.begin(); it != texts.end(); ++it)
        actions_.value(it.key())->setText(it.value());
}

}  // namespace kinora::ui
