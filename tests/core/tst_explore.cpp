// Explore and refine (issue 11) on the tiny fixture: kinora-cli explore runs a 2 prompts x 2 seeds
// matrix with one model load (the text encoder runs once per prompt), writes every candidate with
// its sidecar, a contact sheet with the documented layout and drawn labels, an animated sheet and
// a JSONL that kinora-cli batch accepts; each candidate replays exactly from its sidecar; refine
// keeps the seed and records parent and origin; the request helpers (matrix order and names,
// guidance range, sharpened prompt, finalise's size change) behave as documented.
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "common/CliRun.h"
#include "common/Files.h"
#include "common/Fixture.h"
#include "facade/ContactSheet.h"
#include "facade/Exploration.h"
#include "facade/GenerationService.h"
#include "facade/Presets.h"

using namespace kinora;

namespace {

using kinora::test::CliRun;
using kinora::test::describe;
using kinora::test::inputImage;
using kinora::test::pipelineCase;

// Small enough to keep the test quick on two cores; prompt, size, guidance and seed come from the
// fixture's pipeline case.
constexpr int kFrames = 3;
constexpr int kSteps = 2;

CliRun runCli(const QStringList& arguments) {
    return test::runCli(arguments + test::testThreadArguments());
}

// Pixels of `rect` that differ from `background` by more than a little in any channel.
int inkPixels(const QImage& image, const QRect& rect, QColor background) {
    int count = 0;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (std::abs(pixel.red() - background.red()) > 40 ||
                std::abs(pixel.green() - background.green()) > 40 ||
                std::abs(pixel.blue() - background.blue()) > 40)
                ++count;
        }
    }
    return count;
}

double meanAbsDifference(const QImage& a, const QImage& b) {
    const QImage left = a.convertToFormat(QImage::Format_RGB888);
    const QImage right = b.convertToFormat(QImage::Format_RGB888);
    double sum = 0;
    for (int y = 0; y < left.height(); ++y) {
        const uchar* p = left.constScanLine(y);
        const uchar* q = right.constScanLine(y);
        for (int x = 0; x < left.width() * 3; ++x)
            sum += std::abs(int(p[x]) - int(q[x]));
    }
    return sum / (left.width() * left.height() * 3.0);
}

}  // namespace

class TestExplore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QJsonObject pipeline = pipelineCase();
        QVERIFY2(!pipeline.isEmpty(), "golden/cases.json has no pipeline case");
        // The second prompt is a variant of the first, as a user would write one.
        const QString prompt = pipeline.value("prompt").toString();
        prompts_ = {prompt, prompt + QStringLiteral(", the camera slowly panning left")};
        const auto seed = quint64(pipeline.value("generator_seed").toInteger());
        seeds_ = {seed, seed + 1};
        size_ = QSize(pipeline.value("width").toInt(), pipeline.value("height").toInt());
        guidance_ = pipeline.value("guidance_scale").toDouble();

        // Prompts from a file, to exercise that path; seeds as a list.
        const QString promptFile = dir_.filePath("prompts.txt");
        QFile file(promptFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(("# variants\n" + prompts_.join("\n\n") + "\n").toUtf8());
        file.close();
        folder_ = dir_.filePath("explore");
        const QStringList seedTexts{QString::number(seeds_[0]), QString::number(seeds_[1])};
        explore_ = runCli({"explore",
                           "--model",
                           test::fixtureDir(),
                           "--image",
                           inputImage(),
                           "--prompts",
                           promptFile,
                           "--seeds",
                           seedTexts.join(','),
                           "--width",
                           QString::number(size_.width()),
                           "--height",
                           QString::number(size_.height()),
                           "--frames",
                           QString::number(kFrames),
                           "--steps",
                           QString::number(kSteps),
                           "--guidance",
                           QString::number(guidance_),
                           "--animated-sheet",
                           "gif",
                           "--output",
                           folder_});
        QVERIFY2(explore_.exitCode == 0, qPrintable(describe(explore_)));

        // What the CLI should have made: the facade's matrix on the same base.
        GenerationRequest base;
        base.imagePath = inputImage();
        base.width = size_.width();
        base.height = size_.height();
        base.frames = kFrames;
        base.steps = kSteps;
        ExplorationOptions options;
        options.outputFolder = folder_;
        options.preset.clear();
        candidates_ = explorationMatrix(base, prompts_, seeds_, options);
        QCOMPARE(candidates_.size(), 4);
    }

    void everyCandidateIsWrittenWithItsSidecar() {
        for (const auto& candidate : candidates_) {
            const QString video = candidate.request.outputPath;
            QVERIFY2(explore_.out.contains(video), qPrintable(video));
            QCOMPARE(test::decodedFrames(video).size(), kFrames);
            const QJsonObject request =
                test::readJsonObject(sidecarPathFor(video)).value("request").toObject();
            QCOMPARE(request.value("prompt").toString(), candidate.request.prompt);
            QCOMPARE(quint64(request.value("seed").toInteger()), candidate.request.seed);
            QCOMPARE(request.value("origin").toString(), candidate.request.origin);
            QCOMPARE(request.value("guidance").toDouble(), guidance_);
            QCOMPARE(request.value("preset").toString(), QStringLiteral("fast"));
        }
        // Different seeds give different candidates.
        QVERIFY(test::decodedFrames(candidates_[0].request.outputPath) !=
                test::decodedFrames(candidates_[1].request.outputPath));
    }

    void encodersRunOncePerPromptAndImage() {
        static const QRegularExpression pattern(
            QStringLiteral("text encoder ran (\\d+) times and the image encoder (\\d+) times"));
        const auto match = pattern.match(explore_.err);
        QVERIFY2(match.hasMatch(), qPrintable(describe(explore_)));
        QCOMPARE(match.captured(1).toInt(), int(prompts_.size()));
        QCOMPARE(match.captured(2).toInt(), 1);
    }

    void candidateReplaysFromItsSidecar() {
        const QString record = sidecarPathFor(candidates_.back().request.outputPath);
        const QString output = dir_.filePath("replay.mp4");
        const CliRun run = runCli({"generate", "--from", record, "--output", output});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        const auto frames = test::decodedFrames(output);
        QCOMPARE(frames.size(), kFrames);
        QCOMPARE(frames, test::decodedFrames(candidates_.back().request.outputPath));
    }

    void jsonlHoldsTheRequestsAndBatchAcceptsIt() {
        QFile file(QDir(folder_).filePath("explore.jsonl"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), candidates_.size());
        for (int i = 0; i < lines.size(); ++i) {
            const QJsonObject line = QJsonDocument::fromJson(lines[i]).object();
            QCOMPARE(line.value("output").toString(), candidates_[i].request.outputPath);
            QCOMPARE(line, test::readJsonObject(sidecarPathFor(candidates_[i].request.outputPath))
                               .value("request")
                               .toObject());
        }
        // Every output exists: batch validates each line and skips them all.
        const CliRun run = runCli({"batch", file.fileName()});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        QVERIFY2(run.err.contains(
                     QStringLiteral("0 succeeded, 0 failed, %1 skipped").arg(candidates_.size())),
                 qPrintable(describe(run)));
    }

    void contactSheetHasTheLayoutAndLabels() {
        const QString path = QDir(folder_).filePath("contact-sheet.png");
        QVERIFY2(explore_.out.contains(path), qPrintable(describe(explore_)));
        const QImage sheet(path);
        QVERIFY(!sheet.isNull());
        const auto layout = contactSheetLayout(int(prompts_.size()), int(seeds_.size()), size_);
        QCOMPARE(sheet.size(), layout.imageSize());
        const QColor background = sheet.pixelColor(0, 0);
        for (const auto& candidate : candidates_) {
            const int row = candidate.promptIndex;
            const int column = candidate.seedIndex;
            // The cell shows the candidate's middle frame.
            const auto frames = test::decodedFrames(candidate.request.outputPath);
            QCOMPARE(frames.size(), kFrames);
            const QRect cell = layout.frameRect(row, column);
            const QImage expected = frames[kFrames / 2].scaled(cell.size(), Qt::IgnoreAspectRatio,
                                                               Qt::SmoothTransformation);
            QVERIFY2(meanAbsDifference(sheet.copy(cell), expected) < 4.0,
                     qPrintable(QStringLiteral("cell %1,%2").arg(row).arg(column)));
            QVERIFY2(inkPixels(sheet, layout.labelRect(row, column), background) > 20,
                     qPrintable(QStringLiteral("label %1,%2").arg(row).arg(column)));
        }
        for (int row = 0; row < layout.rows; ++row)
            QVERIFY(inkPixels(sheet, layout.rowHeaderRect(row), background) > 50);
        for (int column = 0; column < layout.columns; ++column)
            QVERIFY(inkPixels(sheet, layout.columnHeaderRect(column), background) > 20);
        // Between the cells there is only background.
        const QRect gap(layout.frameRect(0, 0).right() + 1, layout.frameRect(0, 0).top(),
                        layout.margin, layout.cellSize.height());
        QCOMPARE(inkPixels(sheet, gap, background), 0);
    }

    void animatedSheetPlaysEveryFrame() {
        const QString path = QDir(folder_).filePath("contact-sheet.gif");
        auto reader = media::VideoReader::open(path);
        QVERIFY(reader);
        QCOMPARE(reader->info().size,
                 contactSheetLayout(int(prompts_.size()), int(seeds_.size()), size_).imageSize());
        QCOMPARE(reader->info().frameCount, kFrames);
    }

    void refineKeepsSeedAndRecordsParent() {
        const auto& parent = candidates_.front().request;
        const QString record = sidecarPathFor(parent.outputPath);
        const CliRun run = runCli({"refine", record, "--steps", QString::number(kSteps + 1)});
        QVERIFY2(run.exitCode == 0, qPrintable(describe(run)));
        const QString video = run.out.trimmed().split('\n').last();
        QVERIFY2(QFileInfo::exists(video), qPrintable(describe(run)));
        QVERIFY(QFileInfo(video).absolutePath() == QFileInfo(record).absolutePath());
        const QJsonObject request =
            test::readJsonObject(sidecarPathFor(video)).value("request").toObject();
        QCOMPARE(quint64(request.value("seed").toInteger()), parent.seed);
        QCOMPARE(request.value("prompt").toString(), parent.prompt);
        QCOMPARE(request.value("steps").toInt(), kSteps + 1);
        QCOMPARE(request.value("parent").toString(), QFileInfo(record).absoluteFilePath());
        QCOMPARE(request.value("origin").toString(),
                 QStringLiteral("refine: steps %1").arg(kSteps + 1));
        QVERIFY2(run.err.contains(QStringLiteral("Same seed and prompt")), qPrintable(run.err));
        // Not more steps: a usage error naming the parent's count.
        const CliRun fewer = runCli({"refine", record, "--steps", QString::number(kSteps)});
        QCOMPARE(fewer.exitCode, 2);
    }

    void refineKinds_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("guidance");
        QTest::addColumn<bool>("promptChanges");
        QTest::newRow("guidance up") << int(RefineKind::GuidanceUp) << 1.0 << false;
        QTest::newRow("guidance down") << int(RefineKind::GuidanceDown) << -1.0 << false;
        QTest::newRow("sharpened prompt") << int(RefineKind::SharpenedPrompt) << 0.0 << true;
    }

    void refineKinds() {
        QFETCH(int, kind);
        QFETCH(double, guidance);
        QFETCH(bool, promptChanges);
        const QString record = sidecarPathFor(candidates_.front().request.outputPath);
        auto parent = requestFromRecord(record);
        QVERIFY2(parent, qPrintable(failureText(parent)));
        // Mid-range, so both directions have room whatever guidance the fixture's case uses.
        const ParameterRange useful = parameterSpec(RequestParameter::Guidance).useful;
        parent->guidance = (useful.low + useful.high) / 2;
        RefineStep step;
        step.kind = RefineKind(kind);
        step.prompt = parent->prompt + QStringLiteral(", in sharp focus");
        const auto refinement = refinedRequest(*parent, record, step);
        QVERIFY2(refinement, qPrintable(failureText(refinement)));
        const auto& request = refinement->request;
        QCOMPARE(request.seed, parent->seed);
        QCOMPARE(request.guidance, parent->guidance + guidance);
        QCOMPARE(request.prompt == parent->prompt, !promptChanges);
        QCOMPARE(request.parent, QFileInfo(record).absoluteFilePath());
        QVERIFY(request.origin.startsWith(QStringLiteral("refine: ")));
        QVERIFY(!refinement->note.isEmpty());
        QVERIFY(request.outputPath != parent->outputPath);
        QCOMPARE(QFileInfo(request.outputPath).absolutePath(), QFileInfo(record).absolutePath());
    }

    void guidanceStaysInTheUsefulRange() {
        GenerationRequest parent = candidates_.front().request;
        const ParameterRange useful = parameterSpec(RequestParameter::Guidance).useful;
        parent.guidance = useful.high;
        const auto atTop = refinedRequest(parent, {}, RefineStep::guidanceUp());
        QVERIFY(!atTop);
        QVERIFY(atTop.error().message.contains(QStringLiteral("useful range")));
        parent.guidance = useful.low;
        QVERIFY(!refinedRequest(parent, {}, RefineStep::guidanceDown()));
        // From below the range, up goes into it and says so.
        parent.guidance = useful.low - 3;
        const auto up = refinedRequest(parent, {}, RefineStep::guidanceUp());
        QVERIFY2(up, qPrintable(failureText(up)));
        QCOMPARE(up->request.guidance, useful.low);
        QVERIFY(up->note.contains(QStringLiteral("outside the useful range")));
        QVERIFY(!refinedRequest(parent, {}, RefineStep::sharpenedPrompt(parent.prompt)));
    }

    void finaliseSaysWhenTheCompositionChanges() {
        const GenerationRequest& parent = candidates_.front().request;
        const auto native = findPreset(QStringLiteral("native"));
        QVERIFY(native);
        const auto finalised = refinedRequest(parent, sidecarPathFor(parent.outputPath),
                                              RefineStep::finalise(native->id));
        QVERIFY2(finalised, qPrintable(failureText(finalised)));
        QCOMPARE(QSize(finalised->request.width, finalised->request.height), native->size);
        QCOMPARE(finalised->sizeChanged, native->size != size_);
        QCOMPARE(finalised->request.seed, parent.seed);
        QCOMPARE(finalised->request.guidance, parent.guidance);
        QCOMPARE(finalised->request.origin, QStringLiteral("finalise: native"));
        QVERIFY(finalised->note.contains(QStringLiteral("composition will differ")));

        // Already at the preset's size and frame count: the same composition, and no warning.
        GenerationRequest atSize = parent;
        atSize.width = native->size.width();
        atSize.height = native->size.height();
        atSize.frames = native->frames;
        const auto same = refinedRequest(atSize, {}, RefineStep::finalise(native->id));
        QVERIFY2(same, qPrintable(failureText(same)));
        QVERIFY(!same->sizeChanged && !same->framesChanged);
        QVERIFY(!same->note.contains(QStringLiteral("composition will differ")));
        QVERIFY(!refinedRequest(parent, {}, RefineStep::finalise(QStringLiteral("fast"))));
    }

    void matrixIsPromptMajorWithTheFastPreset() {
        GenerationRequest base;
        base.imagePath = inputImage();
        base.steps = 77;
        ExplorationOptions options;
        options.outputFolder = dir_.filePath("plan");
        options.stem = QStringLiteral("shot");
        const auto matrix = explorationMatrix(base, prompts_, seeds_, options);
        QCOMPARE(matrix.size(), prompts_.size() * seeds_.size());
        const auto fast = findPreset(QStringLiteral("fast"));
        QVERIFY(fast);
        for (int i = 0; i < matrix.size(); ++i) {
            const int p = i / int(seeds_.size());
            const int s = i % int(seeds_.size());
            QCOMPARE(matrix[i].promptIndex, p);
            QCOMPARE(matrix[i].seedIndex, s);
            QCOMPARE(matrix[i].request.prompt, prompts_[p]);
            QCOMPARE(matrix[i].request.seed, seeds_[s]);
            QCOMPARE(matrix[i].request.steps, fast->steps);
            QCOMPARE(matrix[i].request.preset, fast->id);
            QCOMPARE(QFileInfo(matrix[i].request.outputPath).fileName(),
                     QStringLiteral("shot_p%1_s%2.mp4").arg(p + 1).arg(seeds_[s]));
            QCOMPARE(matrix[i].request.origin,
                     QStringLiteral("explore p%1 s%2").arg(p + 1).arg(seeds_[s]));
        }
        options.preset = QStringLiteral("no such preset");
        QVERIFY(explorationMatrix(base, prompts_, seeds_, options).isEmpty());
    }

    void promptAndSeedLists() {
        const auto prompts = readPromptList(QStringLiteral(" a cat | | a dog "));
        QVERIFY(prompts);
        QCOMPARE(*prompts, (QStringList{"a cat", "a dog"}));
        QVERIFY(!readPromptList(QStringLiteral(" | ")));
        const auto seeds = readSeedList(QStringLiteral("3, 1,3"));
        QVERIFY(seeds);
        QCOMPARE(*seeds, (QList<quint64>{3, 1}));
        const auto badSeed = readSeedList(QStringLiteral("1,x"));
        QVERIFY(!badSeed);
        QVERIFY(badSeed.error().message.contains(QStringLiteral("\"x\"")));
    }

private:
    QTemporaryDir dir_;
    QStringList prompts_;
    QList<quint64> seeds_;
    QSize size_;
    double guidance_ = 0;
    QString folder_;
    CliRun explore_;
    QList<ExplorationCandidate> candidates_;
};

QTEST_GUILESS_MAIN(TestExplore)
#include "tst_explore.moc"
