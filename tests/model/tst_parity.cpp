// kinora-parity as a user runs it, on damaged copies of the fixture: a golden key missing and an
// extra key are both named and the rest is still checked; a golden value moved beyond its bound
// fails the run, naming the tensor.
// ATen's full headers come before Qt's: they use `slots` as a name, which Qt defines as a macro.
#include <ATen/ATen.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/Fixture.h"
#include "common/Golden.h"
#include "model/weights/TensorIO.h"

namespace {

using GoldenTensors = std::map<std::string, at::Tensor>;

struct ParityRun {
    int exitCode = -1;
    QString output;
};

// The first scheduler step case of the fixture (`stepN.*` with the smallest N).
std::string firstStepPrefix(const GoldenTensors& golden) {
    const auto steps = kinora::test::goldenSteps(golden, "sample");
    return steps.empty() ? std::string() : steps.front().second;
}

}  // namespace

class TestParity : public QObject {
    Q_OBJECT

    // A copy of the fixture without the model weights the scheduler section does not need, with
    // golden/scheduler.safetensors changed by damage; then kinora-parity --only scheduler on it.
    ParityRun runOnDamagedCopy(const std::function<void(GoldenTensors&)>& damage) {
        QTemporaryDir dir;
        const QStringList weights = {"unet", "vae", "text_encoder", "image_encoder"};
        if (!kinora::test::copyTree(kinora::test::fixtureDir(), dir.path(), weights))
            return {};
        const auto file = (dir.path() + "/golden/scheduler.safetensors").toStdString();
        auto tensors = kinora::model::readTensorFile(file);
        if (!tensors)
            return {};
        damage(*tensors);
        const std::vector<std::pair<std::string, at::Tensor>> list(tensors->begin(),
                                                                   tensors->end());
        if (!kinora::model::writeTensorFile(file, list))
            return {};
        QProcess parity;
        parity.setProcessChannelMode(QProcess::MergedChannels);
        parity.start(QStringLiteral(KINORA_BINARY_DIR "/core/model/kinora-parity"),
                     {dir.path(), QStringLiteral("--only"), QStringLiteral("scheduler")});
        if (!parity.waitForFinished(120000))
            return {};
        ParityRun run;
        run.exitCode = parity.exitStatus() == QProcess::NormalExit ? parity.exitCode() : -1;
        run.output = QString::fromUtf8(parity.readAll());
        qInfo().noquote() << run.output;
        return run;
    }

    // The line of the table whose first column is name.
    static QString rowOf(const QString& output, const QString& name) {
        for (const auto& line : output.split(QLatin1Char('\n')))
            if (line.section(QLatin1Char(' '), 0, 0) == name)
                return line;
        return {};
    }

private Q_SLOTS:
    void missingAndExtraKeysAreNamedAndTheRestIsChecked() {
        const auto golden = kinora::test::goldenTensors("scheduler.safetensors");
        const auto step = firstStepPrefix(golden);
        QVERIFY2(!step.empty(), "the fixture's scheduler golden has no stepN case");
        const auto removed = step + ".prev_sample";
        const auto run = runOnDamagedCopy([&](GoldenTensors& tensors) {
            tensors.erase(removed);
            tensors["extra.not_a_stage"] = at::zeros({2});
        });
        QCOMPARE(run.exitCode, 0);
        const auto missing = rowOf(run.output, QString::fromStdString("scheduler." + removed));
        QVERIFY2(missing.contains("missing"), qPrintable(missing));
        const auto extra = rowOf(run.output, "scheduler.safetensors:extra.not_a_stage");
        QVERIFY2(extra.contains("unread"), qPrintable(extra));
        // The same step's other output and the schedule are still compared, and pass.
        for (const auto& name : {"scheduler." + step + ".pred_original_sample",
                                 std::string("scheduler.alphas_cumprod")}) {
            const auto row = rowOf(run.output, QString::fromStdString(name));
            QVERIFY2(row.endsWith("pass"), (name + ": " + row.toStdString()).c_str());
        }
        QVERIFY(run.output.contains(" 0 failed"));
    }

    // A missing input of one step case skips that case only.
    void missingInputSkipsOnlyItsCase() {
        const auto golden = kinora::test::goldenTensors("scheduler.safetensors");
        const auto step = firstStepPrefix(golden);
        QVERIFY(!step.empty());
        const auto run = runOnDamagedCopy(
            [&](GoldenTensors& tensors) { tensors.erase(step + ".model_output"); });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.output.contains(QString::fromStdString(step + ".model_output")),
                 "the missing input is not named");
        QVERIFY(rowOf(run.output, "scheduler.alphas_cumprod").endsWith("pass"));
    }

    // One schedule value moved by 1%: the run fails and names the tensor.
    void valueBeyondItsBoundFailsTheRun() {
        const auto run = runOnDamagedCopy([](GoldenTensors& tensors) {
            auto& alphas = tensors.at("alphas_cumprod");
            alphas = alphas.clone();
            alphas[alphas.size(0) / 2] *= 1.01;
        });
        QCOMPARE(run.exitCode, 1);
        const auto row = rowOf(run.output, "scheduler.alphas_cumprod");
        QVERIFY2(row.contains("FAIL"), qPrintable(row));
        QVERIFY(run.output.contains(" 1 failed"));
    }
};

QTEST_GUILESS_MAIN(TestParity)
#include "tst_parity.moc"
