// The layering firewall: nothing the UI, the entry points or the facade's headers include may pull
// in LibTorch, OpenCV or FFmpeg, nor the facade's sources but its torch bridge (PipelineBridge.cpp)
// (Debian puts their headers on the default include path, so only a check like this keeps the UI
// build free of them). The model library's plain-value headers (the execution plan: std only) may
// be shown; the scan follows them, so one that reaches a tensor is caught by what it includes.
#include <QDirIterator>
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryFile>
#include <QTest>

#include <algorithm>

namespace {

const QString kSource = QStringLiteral(KINORA_SOURCE_DIR);

const QRegularExpression kInclude(QStringLiteral(R"(^\s*#\s*include\s*([<"])([^>"]+)[>"])"),
                                  QRegularExpression::MultilineOption);
const QRegularExpression kForbidden(
    QStringLiteral(R"(^(torch/|ATen/|c10/|caffe2/|opencv2/|libav|libsw))"));

// Resolves a quoted include against the project's include roots.
QString resolve(const QString& include, const QString& includingFile) {
    for (const QString& root : {QFileInfo(includingFile).absolutePath(), kSource + "/core", kSource,
                                kSource + "/app/cli"}) {
        const QString candidate = root + QLatin1Char('/') + include;
        if (QFileInfo::exists(candidate))
            return QFileInfo(candidate).canonicalFilePath();
    }
    return {};
}

// Every forbidden include reachable from `file` through the project's own headers.
void collect(const QString& file, QSet<QString>& visited, QStringList& violations,
             const QStringList& chain) {
    if (visited.contains(file))
        return;
    visited.insert(file);
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return;
    const QString text = QString::fromUtf8(f.readAll());
    for (auto it = kInclude.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        const QString include = match.captured(2);
        if (kForbidden.match(include).hasMatch()) {
            violations << (chain + QStringList{file, include}).join(QStringLiteral(" -> "));
            continue;
        }
        if (match.captured(1) == QLatin1String("\"")) {
            const QString resolved = resolve(include, file);
            if (!resolved.isEmpty())
                collect(resolved, visited, violations, chain + QStringList{file});
        }
    }
}

QStringList filesUnder(const QString& dir, const QStringList& patterns) {
    QStringList files;
    QDirIterator it(kSource + QLatin1Char('/') + dir, patterns, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

}  // namespace

class TestHeaderFirewall : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noHeavyHeadersBehindTheFacade_data() {
        QTest::addColumn<QString>("file");
        QStringList files =
            filesUnder("ui", {"*.h", "*.cpp"}) + filesUnder("app", {"*.h", "*.cpp"}) +
            filesUnder("core/facade", {"*.h", "*.h.in"}) + filesUnder("core/media", {"*.h"});
        // core/media/private/ holds the media library's own libav helpers; a public header that
        // includes one is still caught, through the includes it follows.
        files.erase(std::remove_if(files.begin(), files.end(),
                                   [](const QString& file) {
                                       return file.contains(QLatin1String("/core/media/private/"));
                                   }),
                    files.end());
        // The facade's sources too, all but the one bridge to the model pipeline (and LibTorch).
        for (const QString& source : filesUnder("core/facade", {"*.cpp"}))
            if (!source.endsWith(QLatin1String("/core/facade/PipelineBridge.cpp")))
                files << source;
        QVERIFY(files.size() >= 8);
        for (const auto& file : files)
            QTest::newRow(qPrintable(file.mid(kSource.size() + 1))) << file;
    }

    void noHeavyHeadersBehindTheFacade() {
        QFETCH(QString, file);
        QSet<QString> visited;
        QStringList violations;
        collect(QFileInfo(file).canonicalFilePath(), visited, violations, {});
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join('\n')));
    }

    void detectorCatchesAViolation() {
        // The scan itself must notice a forbidden include, or the check above proves nothing.
        QTemporaryFile header(QDir::tempPath() + "/firewall_XXXXXX.h");
        QVERIFY(header.open());
        header.write("#pragma once\n#include <QString>\n  #  include <torch/torch.h>\n");
        header.close();
        QSet<QString> visited;
        QStringList violations;
        collect(header.fileName(), visited, violations, {});
        QCOMPARE(violations.size(), 1);
        QVERIFY(violations.front().endsWith("torch/torch.h"));
    }
    void detectorFollowsIncludesIntoPrivateHeaders() {
        // A public header may not reach libav through the media library's private helpers either.
        QTemporaryFile header(QDir::tempPath() + "/firewall_XXXXXX.h");
        QVERIFY(header.open());
        header.write("#pragma once\n#include \"media/private/LibavHandles.h\"\n");
        header.close();
        QSet<QString> visited;
        QStringList violations;
        collect(header.fileName(), visited, violations, {});
        QVERIFY(!violations.isEmpty());
        QVERIFY2(violations.front().contains("libav"), qPrintable(violations.front()));
    }
    void detectorFollowsIncludesIntoTheModelLibrary_data() {
        QTest::addColumn<QString>("include");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("the execution plan") << "model/memory/ExecutionPlan.h" << true;
        QTest::newRow("the pipeline") << "model/pipeline/I2VGenXLPipeline.h" << false;
        QTest::newRow("the VAE") << "model/vae/AutoencoderKL.h" << false;
    }

    void detectorFollowsIncludesIntoTheModelLibrary() {
        QFETCH(QString, include);
        QFETCH(bool, allowed);
        QTemporaryFile header(QDir::tempPath() + "/firewall_XXXXXX.h");
        QVERIFY(header.open());
        header.write("#pragma once\n#include \"" + include.toUtf8() + "\"\n");
        header.close();
        QSet<QString> visited;
        QStringList violations;
        collect(header.fileName(), visited, violations, {});
        QCOMPARE(violations.isEmpty(), allowed);
    }
};

QTEST_GUILESS_MAIN(TestHeaderFirewall)
#include "tst_headerfirewall.moc"
