// kinora: the desktop studio.
#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include "facade/BuildInfo.h"
#include "facade/Logging.h"
#include "facade/Version.h"
#include "ui/MainWindow.h"

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Kinora"));
    QApplication::setOrganizationName(QStringLiteral("Kinora"));
    QApplication::setApplicationVersion(kinora::kinoraVersion());
    QApplication::setDesktopFileName(QStringLiteral(KINORA_APP_ID));
    kinora::installModelLogBridge();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Kinora: image-to-video studio for I2VGen-XL."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QApplication::translate("main", "Save a picture of the main window to <file> and quit."),
        QStringLiteral("file"));
    parser.addOption(screenshot);
    parser.process(app);

    kinora::ui::MainWindow window;
    window.show();
    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        QTimer::singleShot(500, &window, [&window, path] {
            const bool saved = window.grab().save(path);
            if (!saved) qCCritical(lcUi) << "cannot write the screenshot to" << path;
            QApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}
