// kinora: the desktop studio.
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

#include <cstdio>

#include "facade/BuildInfo.h"
#include "facade/Logging.h"
#include "facade/Version.h"
#include "ui/MainWindow.h"
#include "ui/Settings.h"
#include "ui/Theme.h"
#include "ui/Translation.h"

namespace {

// The command line. Built twice: once to learn --language, then again once that language is
// installed, so that --help speaks it too.
struct CommandLine {
    QCommandLineParser parser;
    QCommandLineOption language{
        QStringLiteral("language"),
        QCoreApplication::translate("main",
                                    "Show Kinora in <language>: %1 (default: the one chosen in "
                                    "Settings, else the system's).")
            .arg(kinora::ui::availableLanguages().join(QStringLiteral(", "))),
        QStringLiteral("language")};
    QCommandLineOption theme{
        QStringLiteral("theme"),
        QCoreApplication::translate(
            "main", "Colours: auto (follow the desktop), light or dark (default: the setting)."),
        QStringLiteral("theme")};
    QCommandLineOption prompt{
        QStringLiteral("prompt"),
        QCoreApplication::translate("main", "Start with <text> in the prompt editor."),
        QStringLiteral("text")};
    QCommandLineOption generate{
        QStringLiteral("generate"),
        QCoreApplication::translate("main", "Start generating the opened picture at once.")};
    QCommandLineOption screenshot{
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main",
                                    "Save a picture of the main window to <file> and quit."),
        QStringLiteral("file")};

    CommandLine() {
        parser.setApplicationDescription(
            QCoreApplication::translate("main", "Kinora: image-to-video studio for I2VGen-XL."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(language);
        parser.addOption(theme);
        parser.addOption(prompt);
        parser.addOption(generate);
        parser.addOption(screenshot);
        parser.addPositionalArgument(QStringLiteral("image"),
                                     QCoreApplication::translate("main", "Picture to open."),
                                     QStringLiteral("[image]"));
    }
};

}  // namespace

int main(int argc, char* argv[]) {
    // Qt 6.4's FFmpeg media backend crashes on unplayable files and ignores looping; GStreamer
    // plays our videos correctly. An explicit choice in the environment still wins.
    if (qEnvironmentVariableIsEmpty("QT_MEDIA_BACKEND"))
        qputenv("QT_MEDIA_BACKEND", "gstreamer");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Kinora"));
    QApplication::setOrganizationName(QStringLiteral("Kinora"));
    QApplication::setApplicationVersion(kinora::kinoraVersion());
    QApplication::setDesktopFileName(QStringLiteral(KINORA_APP_ID));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/kinora.svg")));
    kinora::installModelLogBridge();

    kinora::ui::Settings settings;
    QString language;
    QString theme = settings.theme();
    {
        CommandLine early;
        early.parser.parse(QApplication::arguments());
        language = early.parser.value(early.language);
        if (early.parser.isSet(early.theme))
            theme = early.parser.value(early.theme);
    }
    kinora::ui::applyTheme(kinora::ui::themeFromName(theme));
    // A stored language this build has no translation for (an older version's) falls back to the
    // system's; one asked for on the command line is an error.
    if (language.isEmpty() && !kinora::ui::installTranslation(settings.language()))
        kinora::ui::installTranslation(QString());
    else if (!language.isEmpty() && !kinora::ui::installTranslation(language)) {
        std::fprintf(stderr, "kinora: no translation for language \"%s\" (available: %s)\n",
                     qPrintable(language),
                     qPrintable(kinora::ui::availableLanguages().join(QStringLiteral(", "))));
        return 2;
    }
    CommandLine commandLine;
    commandLine.parser.process(app);

    kinora::ui::MainWindow window(&settings);
    window.show();
    const QStringList images = commandLine.parser.positionalArguments();
    if (!images.isEmpty())
        window.openImage(images.front());
    if (commandLine.parser.isSet(commandLine.prompt))
        window.setPrompt(commandLine.parser.value(commandLine.prompt));
    const bool generate = commandLine.parser.isSet(commandLine.generate);
    if (generate)
        QTimer::singleShot(0, &window, &kinora::ui::MainWindow::generate);
    if (commandLine.parser.isSet(commandLine.screenshot)) {
        // The picture is taken once the window has settled: after the job when one was started
        // (its video then plays in the preview), else after the first checks have run.
        const QString path = commandLine.parser.value(commandLine.screenshot);
        const auto takeScreenshot = [&window, path] {
            QTimer::singleShot(1500, &window, [&window, path] {
                const bool saved = window.grab().save(path);
                if (!saved)
                    qCCritical(lcUi) << "cannot write the screenshot to" << path;
                QApplication::exit(saved ? 0 : 1);
            });
        };
        if (generate)
            QObject::connect(&window, &kinora::ui::MainWindow::jobFinished, &window, takeScreenshot,
                             Qt::SingleShotConnection);
        else
            takeScreenshot();
    }
    return app.exec();
}
