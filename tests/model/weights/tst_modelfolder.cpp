// Model folder inspection on the fixture and on broken copies of it.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "common/Fixture.h"
#include "model/weights/ModelFolder.h"

using namespace kinora::model;

namespace {

const ComponentReport* component(const ModelFolderReport& report, const char* name) {
    for (const auto& c : report.components)
        if (c.name == name)
            return &c;
    return nullptr;
}

QString problemsText(const ModelFolderReport& report) {
    QString text;
    for (const auto& problem : report.problems)
        text += QString::fromStdString(problem.file.string() + " | " + problem.message) + "\n";
    return text;
}

}  // namespace

class TestModelFolder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fixtureIsUsable() {
        const auto report = inspectModelFolder(kinora::test::fixtureDir().toStdString());
        QVERIFY2(report.usable(), qPrintable(problemsText(report)));
        QCOMPARE(report.pipelineClass, std::string("I2VGenXLPipeline"));
        QCOMPARE(report.components.size(), std::size_t(7));
        for (const char* name : {"unet", "vae", "text_encoder", "image_encoder"}) {
            const auto* c = component(report, name);
            QVERIFY(c);
            QCOMPARE(c->status, ComponentStatus::Ok);
            QVERIFY(c->parameters > 0);
            QVERIFY(c->bytesOnDisk > c->parameters);  // at least one byte per parameter
            QVERIFY(!c->dtypes.empty());
        }
        QCOMPARE(component(report, "unet")->className, std::string("I2VGenXLUNet"));
    }

    void brokenCopiesNameTheFile_data() {
        QTest::addColumn<QString>("damage");  // what to do to the copy
        QTest::addColumn<QString>("file");    // the file the problem must name
        QTest::addColumn<QString>("componentName");
        QTest::addColumn<int>("status");
        QTest::newRow("unet weights removed") << "remove"
                                              << "unet/diffusion_pytorch_model.safetensors"
                                              << "unet" << int(ComponentStatus::WeightsMissing);
        QTest::newRow("text encoder weights truncated")
            << "truncate"
            << "text_encoder/model.safetensors"
            << "text_encoder" << int(ComponentStatus::Broken);
        QTest::newRow("vae config not JSON") << "garble"
                                             << "vae/config.json"
                                             << "vae" << int(ComponentStatus::Broken);
        QTest::newRow("tokenizer merges missing") << "remove"
                                                  << "tokenizer/merges.txt"
                                                  << "tokenizer" << int(ComponentStatus::Broken);
        QTest::newRow("tokenizer folder missing") << "remove-dir"
                                                  << "tokenizer"
                                                  << "tokenizer" << int(ComponentStatus::Missing);
        QTest::newRow("image encoder weights garbage")
            << "garble"
            << "image_encoder/model.safetensors"
            << "image_encoder" << int(ComponentStatus::Broken);
    }

    void brokenCopiesNameTheFile() {
        QFETCH(QString, damage);
        QFETCH(QString, file);
        QFETCH(QString, componentName);
        QFETCH(int, status);
        QTemporaryDir dir;
        QVERIFY(kinora::test::copyTree(kinora::test::fixtureDir(), dir.path(), {"golden"}));
        const QString target = dir.path() + "/" + file;
        if (damage == "remove") {
            QVERIFY(QFile::remove(target));
        } else if (damage == "remove-dir") {
            QVERIFY(QDir(target).removeRecursively());
        } else if (damage == "truncate") {
            QFile f(target);
            QVERIFY(f.resize(f.size() / 2));
        } else if (damage == "garble") {
            QFile f(target);
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write("{ this is not json");
        }
        const auto report = inspectModelFolder(dir.path().toStdString());
        QVERIFY(!report.usable());
        const QString text = problemsText(report);
        QVERIFY2(text.contains(file), qPrintable(text));
        const auto* c = component(report, componentName.toUtf8().constData());
        QVERIFY(c);
        QCOMPARE(int(c->status), status);
        for (const auto& problem : report.problems)
            QVERIFY(!problem.remedy.empty());
    }

    void configsOnlyFolderSaysWeightsAreMissing() {
        const auto report = inspectModelFolder(KINORA_CONFIGS_DIR);
        QVERIFY(!report.usable());
        for (const char* name : {"unet", "vae", "text_encoder", "image_encoder"}) {
            const auto* c = component(report, name);
            QVERIFY(c);
            QCOMPARE(c->status, ComponentStatus::WeightsMissing);
        }
        QCOMPARE(component(report, "scheduler")->status, ComponentStatus::Ok);
        QCOMPARE(component(report, "unet")->className, std::string("I2VGenXLUNet"));
    }

    void notAFolder() {
        const auto report = inspectModelFolder("/nonexistent/kinora/model");
        QVERIFY(!report.usable());
        QVERIFY(QString::fromStdString(report.problems.front().message).contains("not a folder"));
    }

    void showsTheLicenceLine() {
        QTemporaryDir dir;
        QVERIFY(kinora::test::copyTree(kinora::test::fixtureDir(), dir.path(), {"golden"}));
        QFile card(dir.path() + "/README.md");
        QVERIFY(card.open(QIODevice::WriteOnly));
        card.write("---\ntags:\n- image-to-video\nlicense: mit\n---\n# I2VGen-XL\n");
        card.close();
        const auto report = inspectModelFolder(dir.path().toStdString());
        QCOMPARE(report.licence, std::string("license: mit"));
    }
};

QTEST_GUILESS_MAIN(TestModelFolder)
#include "tst_modelfolder.moc"
