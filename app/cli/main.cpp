// kinora-cli: the headless front end, for scripts, batches and servers.
#include <QCoreApplication>
#include <QGuiApplication>
#include <QTextStream>

#include <cstdio>
#include <memory>

#include "CliCommands.h"
#include "facade/BuildInfo.h"
#include "facade/Logging.h"

namespace {

const char* const kUsage = R"(Usage: kinora-cli [--help] [--version] [--verbose] COMMAND [ARGS]

Kinora turns one still image and a short prompt into a video with the I2VGen-XL
diffusion model. This is its headless front end.

Commands:
  generate            Make a video from an image and a prompt (or replay a
                      sidecar/video with --from). Writes the video, a JSON
                      sidecar with the full request and a copy of the image.
                      Without a model folder it uses the camera engine.
  batch JOBS.jsonl    Run one request per line, resumable, --shard i/N.
  explore             Run prompt variants x seeds from one image with the fast
                      preset (one model load, each prompt encoded once); writes
                      the candidates, contact-sheet.png and explore.jsonl.
  refine RECORD       Re-run a candidate (sidecar or video) with more steps,
                      guidance +-1, a sharpened prompt, or --finalise
                      quality|native; records the candidate as its parent.
  decode LATENTS      Finish a video from the latents a failed job kept.
  doctor              Check prompt, settings and image before a run.
  plan                Predict a request's peak memory per stage and the fastest
                      way to run it that fits this device (--memory SIZE for
                      another); --table for every resolution x frame count.
                      Needs the model's configs only, not its weights.
  inspect MODEL_DIR   Check a diffusers-layout I2VGen-XL model folder and list
                      its components, dtypes, parameters, sizes and problems.

  kinora-cli COMMAND --help shows a command's options. The model folder can
  also come from the KINORA_MODEL environment variable.

Options:
  -h, --help          Show this help (COMMAND --help shows a command's options).
  -v, --version       Show the version of Kinora and of its libraries.
  --verbose           Log debug messages of every category to stderr.

Exit status: 0 success, 1 the work failed (the message says why and what to
do), 2 the command line was wrong.
)";

// The CLI's log sink: every category to stderr, one line per message.
void logToStderr(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    const char* level = "";
    switch (type) {
        case QtDebugMsg:
            level = "debug";
            break;
        case QtInfoMsg:
            level = "info";
            break;
        case QtWarningMsg:
            level = "warning";
            break;
        case QtCriticalMsg:
            level = "error";
            break;
        case QtFatalMsg:
            level = "fatal";
            break;
    }
    std::fprintf(stderr, "%s: %s: %s\n", context.category ? context.category : "default", level,
                 message.toLocal8Bit().constData());
}

// The command named on the command line (the first argument that is not an option), if any.
QString commandName(int argc, char* argv[]) {
    for (int i = 1; i < argc; ++i) {
        if (argv[i][0] != '-')
            return QString::fromLocal8Bit(argv[i]);
    }
    return {};
}

}  // namespace

int main(int argc, char* argv[]) {
    // explore draws a contact sheet: text needs a QGuiApplication, and a headless CLI never shows
    // a window, so it runs on the offscreen platform whatever the session offers.
    std::unique_ptr<QCoreApplication> app;
    if (commandName(argc, argv) == QLatin1String("explore")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        app = std::make_unique<QGuiApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("kinora-cli"));
    QCoreApplication::setApplicationVersion(kinora::kinoraVersion());
    qInstallMessageHandler(logToStderr);
    kinora::installModelLogBridge();

    QStringList arguments = QCoreApplication::arguments().mid(1);
    QTextStream out(stdout);
    QTextStream err(stderr);
    while (!arguments.isEmpty() && arguments.front().startsWith(QLatin1Char('-'))) {
        const QString option = arguments.takeFirst();
        if (option == QLatin1String("-h") || option == QLatin1String("--help")) {
            out << kUsage;
            return kinora::cli::kExitOk;
        }
        if (option == QLatin1String("-v") || option == QLatin1String("--version")) {
            out << "kinora-cli " << kinora::kinoraVersion() << "\n";
            for (const auto& library : kinora::libraryVersions())
                out << "  " << library.name << " " << library.version << "\n";
            out << "  devices: " << kinora::availableDevices() << "\n";
            return kinora::cli::kExitOk;
        }
        if (option == QLatin1String("--verbose")) {
            QLoggingCategory::setFilterRules(QStringLiteral("kinora.*.debug=true"));
            continue;
        }
        err << "kinora-cli: unknown option " << option << " (see kinora-cli --help)\n";
        return kinora::cli::kExitUsage;
    }
    if (arguments.isEmpty()) {
        err << kUsage;
        return kinora::cli::kExitUsage;
    }
    const QString command = arguments.takeFirst();
    if (command == QLatin1String("inspect"))
        return kinora::cli::runInspect(arguments);
    if (command == QLatin1String("generate"))
        return kinora::cli::runGenerate(arguments);
    if (command == QLatin1String("decode"))
        return kinora::cli::runDecode(arguments);
    if (command == QLatin1String("batch"))
        return kinora::cli::runBatch(arguments);
    if (command == QLatin1String("doctor"))
        return kinora::cli::runDoctor(arguments);
    if (command == QLatin1String("explore"))
        return kinora::cli::runExplore(arguments);
    if (command == QLatin1String("refine"))
        return kinora::cli::runRefine(arguments);
    if (command == QLatin1String("plan"))
        return kinora::cli::runPlan(arguments);
    err << "kinora-cli: unknown command \"" << command << "\" (see kinora-cli --help)\n";
    return kinora::cli::kExitUsage;
}
