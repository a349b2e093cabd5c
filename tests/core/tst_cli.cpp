// kinora-cli as a user runs it: help, version, inspect on good and broken model folders, the
// request flags' names and help.
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "common/Allocator.h"
#include "common/Fixture.h"
#include "facade/RequestParameters.h"

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCli(const QStringList& arguments,
           const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setProgram(QStringLiteral(KINORA_BINARY_DIR "/app/kinora-cli"));
    process.setArguments(arguments);
    process.setProcessEnvironment(environment);
    process.start();
    Run run;
    if (!process.waitForFinished(120000))
        return run;
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void helpListsCommands() {
        const Run run = runCli({"--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("inspect MODEL_DIR"));
        QVERIFY(run.out.contains("Exit status"));
    }

    void versionNamesLibraries() {
        const Run run = runCli({"--version"});
        QCOMPARE(run.exitCode, 0);
        for (const char* library :
             {"kinora-cli 0.", "Qt", "LibTorch", "OpenCV", "FFmpeg", "devices"})
            QVERIFY2(run.out.contains(library), qPrintable(run.out));
    }

    // The allocator that serves malloc in the running CLI, not the one the build asked for.
    void versionNamesTheAllocatorInEffect() {
        const Run run = runCli({"--version"});
        QCOMPARE(run.exitCode, 0);
        const QString expected =
            QStringLiteral("  Allocator ") + kinora::test::expectedAllocatorPrefix();
        QVERIFY2(run.out.contains(expected), qPrintable(run.out));
    }

    // The BLAS line names the kernels in effect: those the environment forces where OpenBLAS
    // serves LibTorch (Prescott: SSE3, which every x86-64 CPU this runs on has).
    void versionNamesTheBlasKernelsInEffect() {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("OPENBLAS_CORETYPE"), QStringLiteral("Prescott"));
        const Run run = runCli({"--version"}, environment);
        QCOMPARE(run.exitCode, 0);
        const QRegularExpression line(QStringLiteral("  BLAS (\\S+)[^\\n]*"));
        const auto match = line.match(run.out);
        QVERIFY2(match.hasMatch(), qPrintable(run.out));
        if (match.captured(1) == QLatin1String("OpenBLAS"))
            QVERIFY2(match.captured(0).endsWith(QLatin1String("(Prescott kernels)")),
                     qPrintable(run.out));
        else
            QCOMPARE(match.captured(0), QStringLiteral("  BLAS unknown"));
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("no command") << QStringList{} << "Usage";
        QTest::newRow("unknown command") << QStringList{"paint"} << "unknown command";
        QTest::newRow("unknown option") << QStringList{"--colour"} << "unknown option";
        QTest::newRow("inspect without folder") << QStringList{"inspect"} << "MODEL_DIR";
    }

    void usageErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, mentions);
        const Run run = runCli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains(mentions), qPrintable(run.err));
    }

    // The request flags come from the parameters' table: --guidance, with --cfg as its older name,
    // and the table's default and useful range in the help.
    void generateHelpShowsTheTablesGuidance() {
        const Run run = runCli({"generate", "--help"});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("--guidance, --cfg <G>")), qPrintable(run.out));
        const auto& guidance = kinora::parameterSpec(kinora::RequestParameter::Guidance);
        const QString expected =
            QStringLiteral("Default %1; %2 to %3 is the useful range.")
                .arg(kinora::formatParameterValue(guidance.id, guidance.defaultValue),
                     kinora::formatParameterValue(guidance.id, guidance.useful.low),
                     kinora::formatParameterValue(guidance.id, guidance.useful.high));
        // The help wraps long descriptions: compare with the line breaks taken out.
        const QString unwrapped = run.out.simplified();
        QVERIFY2(unwrapped.contains(expected), qPrintable(run.out));
        QVERIFY(unwrapped.contains(kinora::parameterHelp(guidance.id)));
    }

    // doctor judges the guidance it is given, under either name.
    void cfgIsAnAliasOfGuidance_data() {
        QTest::addColumn<QString>("flag");
        QTest::newRow("--guidance") << "--guidance";
        QTest::newRow("--cfg") << "--cfg";
    }

    void cfgIsAnAliasOfGuidance() {
        QFETCH(QString, flag);
        const auto& guidance = kinora::parameterSpec(kinora::RequestParameter::Guidance);
        // Far above the useful range, inside the limits: a warning, not an error.
        const double value = (guidance.useful.high + guidance.limits.high) / 2;
        const QString text = kinora::formatParameterValue(guidance.id, value);
        const Run run = runCli({"doctor", "--engine", "camera", "--prompt",
                                "camera slowly panning left", flag, text, "--json"});
        QVERIFY2(run.exitCode == 0 || run.exitCode == 1, qPrintable(run.err));
        QVERIFY2(run.out.contains(QStringLiteral("\"rule\": \"guidance-range\"")),
                 qPrintable(run.out));
        // The advisor writes guidance with one decimal.
        QVERIFY2(run.out.contains(QStringLiteral("Guidance %1").arg(value, 0, 'f', 1)),
                 qPrintable(run.out));
    }

    void inspectsTheFixture() {
        const Run run = runCli({"inspect", kinora::test::fixtureDir()});
        QCOMPARE(run.exitCode, 0);
        for (const char* text :
             {"component", "unet", "I2VGenXLUNet", "text_encoder", "F16", "Status: usable"})
            QVERIFY2(run.out.contains(text), qPrintable(run.out));
    }

    void inspectJson() {
        const Run run = runCli({"inspect", "--json", kinora::test::fixtureDir()});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("\"usable\": true"));
    }

    void inspectConfigsOnlySaysWeightsMissing() {
        const Run run = runCli({"inspect", KINORA_CONFIGS_DIR});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("weights missing"), qPrintable(run.out));
        QVERIFY(run.out.contains("remedy:"));
    }

    void inspectTruncatedWeightsNamesTheFile() {
        QTemporaryDir dir;
        QVERIFY(kinora::test::copyTree(kinora::test::fixtureDir(), dir.path(), {"golden"}));
        QFile weights(dir.path() + "/vae/diffusion_pytorch_model.safetensors");
        QVERIFY(weights.resize(weights.size() - 100));
        const Run run = runCli({"inspect", dir.path()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("vae/diffusion_pytorch_model.safetensors"), qPrintable(run.out));
        QVERIFY(run.out.contains("truncated"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
