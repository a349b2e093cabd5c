// The parameter panel: every built-in preset shown exactly, edits marking the preset modified,
// seeds per job (locked or not), the request round trip, sizes in steps of 64, the image's aspect,
// and the engine without a model.
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTest>
#include <QToolButton>

#include "facade/GenerationRequest.h"
#include "facade/Presets.h"
#include "ui/ParameterPanel.h"
#include "ui/SeedSpinBox.h"

using kinora::Engine;
using kinora::GenerationRequest;
using kinora::Preset;
using kinora::ui::ParameterPanel;

Q_DECLARE_METATYPE(kinora::Preset)

namespace {

template <typename T>
T* child(QObject* parent, const char* name) {
    auto* found = parent->findChild<T*>(QLatin1String(name));
    if (!found)
        qFatal("no %s named %s", T::staticMetaObject.className(), name);
    return found;
}

// A portrait picture, so "NNNp" sizes differ from the landscape default.
const QSize kPortrait(600, 800);

Preset firstPreset() {
    const auto presets = kinora::builtInPresets();
    if (presets.isEmpty())
        qFatal("no built-in presets");
    return presets.front();
}

// Types `text` over the spin box's contents and commits it with Enter.
void typeInto(QAbstractSpinBox* spin, const QString& text) {
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, text);
    QTest::keyClick(spin, Qt::Key_Enter);
}

}  // namespace

class TestParameterPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyFieldIsNamed() {
        ParameterPanel panel;
        for (const char* name : {"widthSpin", "heightSpin", "framesSpin", "stepsSpin",
                                 "targetFpsSpin", "outputFpsSpin", "candidatesSpin"})
            QVERIFY2(panel.findChild<QSpinBox*>(QLatin1String(name)), name);
        QVERIFY(panel.findChild<QDoubleSpinBox*>(QStringLiteral("guidanceSpin")));
        QVERIFY(panel.findChild<kinora::ui::SeedSpinBox*>(QStringLiteral("seedSpin")));
        QVERIFY(panel.findChild<QDoubleSpinBox*>(QStringLiteral("guidanceUntilSpin")));
        for (const char* name : {"resolutionCombo", "engineCombo", "samplerCombo", "cacheCombo"})
            QVERIFY2(panel.findChild<QComboBox*>(QLatin1String(name)), name);
        for (const char* name : {"seedDice", "seedLock"})
            QVERIFY2(panel.findChild<QToolButton*>(QLatin1String(name)), name);
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("presetStateLabel")));
        QCOMPARE(child<QSpinBox>(&panel, "candidatesSpin")->maximum(),
                 ParameterPanel::kMaxCandidates);
        QCOMPARE(child<QDoubleSpinBox>(&panel, "guidanceSpin")->singleStep(), 0.5);
    }

    void presetValuesAreShown_data() {
        QTest::addColumn<Preset>("preset");
        QTest::addColumn<QSize>("imageSize");
        for (const Preset& preset : kinora::builtInPresets()) {
            QTest::addRow("%s, no image", qPrintable(preset.id)) << preset << QSize();
            QTest::addRow("%s, portrait", qPrintable(preset.id)) << preset << kPortrait;
        }
    }

    void presetValuesAreShown() {
        QFETCH(Preset, preset);
        QFETCH(QSize, imageSize);
        ParameterPanel panel;
        panel.setImageSize(imageSize);
        QSignalSpy state(&panel, &ParameterPanel::presetStateChanged);
        panel.applyPreset(preset);
        QCOMPARE(state.count(), 1);

        const GenerationRequest expected = kinora::applyPreset(preset, {}, imageSize);
        QCOMPARE(child<QSpinBox>(&panel, "widthSpin")->value(), expected.width);
        QCOMPARE(child<QSpinBox>(&panel, "heightSpin")->value(), expected.height);
        QCOMPARE(child<QSpinBox>(&panel, "framesSpin")->value(), preset.frames);
        QCOMPARE(child<QSpinBox>(&panel, "stepsSpin")->value(), preset.steps);
        QCOMPARE(child<QDoubleSpinBox>(&panel, "guidanceSpin")->value(), preset.guidance);
        QCOMPARE(child<QSpinBox>(&panel, "targetFpsSpin")->value(), preset.targetFps);
        QCOMPARE(child<QSpinBox>(&panel, "outputFpsSpin")->value(), preset.outputFps);
        const GenerationRequest request = panel.applyTo({});
        QCOMPARE(request.toJson(), expected.toJson());
        if (!preset.resolution.isEmpty())
            QCOMPARE(panel.resolution(), preset.resolution);

        QVERIFY(!panel.isPresetModified());
        QCOMPARE(panel.presetLabel(), preset.name);
        QCOMPARE(child<QLabel>(&panel, "presetStateLabel")->text(), preset.name);
        QCOMPARE(child<QLabel>(&panel, "presetStateLabel")->toolTip(), preset.reason);
        QCOMPARE(panel.clipSeconds(), double(preset.frames) / preset.outputFps);
        QVERIFY(child<QLabel>(&panel, "clipLengthLabel")
                    ->text()
                    .contains(QString::number(panel.clipSeconds(), 'f', 1)));
    }

    void editingMarksThePresetModified_data() {
        QTest::addColumn<QString>("field");
        for (const char* name :
             {"framesSpin", "stepsSpin", "guidanceSpin", "targetFpsSpin", "outputFpsSpin"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void editingMarksThePresetModified() {
        QFETCH(QString, field);
        const Preset preset = firstPreset();
        ParameterPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.applyPreset(preset);
        auto* spin = panel.findChild<QAbstractSpinBox*>(field);
        QVERIFY(spin);
        QSignalSpy changed(&panel, &ParameterPanel::parametersChanged);
        QSignalSpy state(&panel, &ParameterPanel::presetStateChanged);

        spin->setFocus();
        QTest::keyClick(spin, Qt::Key_Up);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(state.count(), 1);
        QVERIFY(panel.isPresetModified());
        QVERIFY(panel.presetLabel().startsWith(preset.name));
        QVERIFY(panel.presetLabel() != preset.name);
        QCOMPARE(child<QLabel>(&panel, "presetStateLabel")->text(), panel.presetLabel());
        QVERIFY(panel.presetLabel().contains(QStringLiteral("(modified)")));

        // Back to the preset's value: no longer modified.
        QTest::keyClick(spin, Qt::Key_Down);
        QCOMPARE(changed.count(), 2);
        QCOMPARE(state.count(), 2);
        QVERIFY(!panel.isPresetModified());
        QCOMPARE(panel.presetLabel(), preset.name);
    }

    void choosingAnotherResolutionMarksThePresetModified() {
        const Preset preset = firstPreset();
        ParameterPanel panel;
        panel.applyPreset(preset);
        auto* combo = child<QComboBox>(&panel, "resolutionCombo");
        const QSize before(panel.applyTo({}).width, panel.applyTo({}).height);
        for (int i = 0; i < combo->count(); ++i) {
            const auto size = kinora::sizeForResolution(combo->itemData(i).toString());
            if (size && *size != before) {
                combo->setCurrentIndex(i);
                break;
            }
        }
        QVERIFY(panel.isPresetModified());
    }

    void seedPerJob() {
        ParameterPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* seedSpin = child<kinora::ui::SeedSpinBox>(&panel, "seedSpin");
        auto* lock = child<QToolButton>(&panel, "seedLock");
        panel.setSeedLocked(false);

        const quint64 first = panel.seedForNextJob();
        const quint64 second = panel.seedForNextJob();
        QVERIFY(first != second);
        QCOMPARE(seedSpin->value(), second);
        QCOMPARE(panel.applyTo({}).seed, second);

        QTest::mouseClick(lock, Qt::LeftButton);
        QVERIFY(panel.isSeedLocked());
        QCOMPARE(panel.seedForNextJob(), second);
        QCOMPARE(panel.seedForNextJob(), second);

        QSignalSpy changed(&panel, &ParameterPanel::parametersChanged);
        QTest::mouseClick(child<QToolButton>(&panel, "seedDice"), Qt::LeftButton);
        QVERIFY(panel.seed() != second);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(panel.seedForNextJob(), panel.seed());

        typeInto(seedSpin, QStringLiteral("18446744073709551615"));
        QCOMPARE(panel.seed(), std::numeric_limits<quint64>::max());
    }

    void requestRoundTrip_data() {
        QTest::addColumn<QSize>("imageSize");
        QTest::addColumn<QString>("resolution");
        QTest::addColumn<QSize>("size");
        for (const QString& name : ParameterPanel::resolutionNames())
            QTest::addRow("%s", qPrintable(name))
                << kPortrait << name << *kinora::sizeForResolution(name, kPortrait);
        QTest::newRow("custom") << QSize() << QStringLiteral("custom") << QSize(832, 448);
    }

    void requestRoundTrip() {
        QFETCH(QSize, imageSize);
        QFETCH(QString, resolution);
        QFETCH(QSize, size);
        GenerationRequest request;
        request.prompt = QStringLiteral("waves crashing");
        request.imagePath = QStringLiteral("/tmp/sea.png");
        request.format = QStringLiteral("webm");
        request.width = size.width();
        request.height = size.height();
        request.frames = 24;
        request.steps = 40;
        request.guidance = 7.5;
        request.guidanceUntil = 0.65;
        request.sampler = QStringLiteral("dpmpp-2m-karras");
        request.cache = QStringLiteral("deep:5");  // not one of the listed intervals
        request.targetFps = 10;
        request.outputFps = 12;
        request.seed = (quint64(1) << 60) + 3;
        request.preset = firstPreset().id;

        ParameterPanel panel;
        panel.setImageSize(imageSize);
        panel.setSeedLocked(false);
        panel.setFromRequest(request);
        QCOMPARE(panel.resolution(), resolution);
        QVERIFY(panel.isSeedLocked());
        QCOMPARE(panel.preset()->id, request.preset);
        QVERIFY(panel.isPresetModified());

        GenerationRequest base = request;
        base.width = base.height = base.frames = base.steps = base.targetFps = base.outputFps = 64;
        base.guidance = 1;
        base.guidanceUntil = 1;
        base.sampler = QStringLiteral("ddim");
        base.cache = QStringLiteral("off");
        base.seed = 0;
        base.preset.clear();
        QCOMPARE(panel.applyTo(base).toJson(), request.toJson());
        QCOMPARE(panel.seedForNextJob(), request.seed);
    }

    void customSizeInStepsOf64() {
        ParameterPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* combo = child<QComboBox>(&panel, "resolutionCombo");
        auto* width = child<QSpinBox>(&panel, "widthSpin");
        auto* height = child<QSpinBox>(&panel, "heightSpin");
        combo->setCurrentIndex(combo->findData(ParameterPanel::resolutionNames().front()));
        QVERIFY(!width->isEnabled());
        combo->setCurrentIndex(combo->findData(QStringLiteral("custom")));
        QVERIFY(width->isEnabled() && height->isEnabled());

        typeInto(width, QStringLiteral("500"));
        QCOMPARE(width->value(), 512);
        QTest::keyClick(width, Qt::Key_Up);
        QCOMPARE(width->value(), 512 + ParameterPanel::kSizeStep);
        typeInto(height, QStringLiteral("1000"));
        QCOMPARE(height->value(), 1024);
        typeInto(height, QStringLiteral("1"));
        QCOMPARE(height->value(), ParameterPanel::kSizeStep);
        const GenerationRequest request = panel.applyTo({});
        QCOMPARE(request.width % ParameterPanel::kSizeStep, 0);
        QCOMPARE(request.height % ParameterPanel::kSizeStep, 0);
        QCOMPARE(QSize(request.width, request.height),
                 QSize(512 + ParameterPanel::kSizeStep, ParameterPanel::kSizeStep));
    }

    void namedSizeFollowsTheImage() {
        const Preset preset = firstPreset();
        QVERIFY(!preset.resolution.isEmpty());
        ParameterPanel panel;
        panel.applyPreset(preset);
        QSignalSpy changed(&panel, &ParameterPanel::parametersChanged);
        panel.setImageSize(kPortrait);
        QCOMPARE(changed.count(), 1);
        const QSize expected = *kinora::sizeForResolution(preset.resolution, kPortrait);
        QCOMPARE(QSize(panel.applyTo({}).width, panel.applyTo({}).height), expected);
        QVERIFY(!panel.isPresetModified());
        QVERIFY(
            child<QComboBox>(&panel, "resolutionCombo")
                ->currentText()
                .contains(QStringLiteral("%1×%2").arg(expected.width()).arg(expected.height())));
    }

    void withoutAModelOnlyTheCameraRuns() {
        ParameterPanel panel;
        auto* combo = child<QComboBox>(&panel, "engineCombo");
        QCOMPARE(panel.engine(), Engine::I2VGenXL);
        const QString withModel = combo->toolTip();
        QSignalSpy changed(&panel, &ParameterPanel::parametersChanged);

        panel.setModelAvailable(false);
        QCOMPARE(panel.engine(), Engine::Camera);
        QCOMPARE(changed.count(), 1);
        QVERIFY(combo->toolTip() != withModel);
        QVERIFY(combo->toolTip().contains(QStringLiteral("model")));
        auto* items = qobject_cast<QStandardItemModel*>(combo->model());
        QVERIFY(!items->item(combo->findText(QStringLiteral("I2VGen-XL")))->isEnabled());
        QVERIFY(!child<QSpinBox>(&panel, "stepsSpin")->isEnabled());
        panel.setEngine(Engine::I2VGenXL);
        QCOMPARE(panel.engine(), Engine::Camera);

        panel.setModelAvailable(true);
        QCOMPARE(panel.engine(), Engine::I2VGenXL);
        QCOMPARE(combo->toolTip(), withModel);
        QVERIFY(child<QSpinBox>(&panel, "stepsSpin")->isEnabled());

        // A camera run the user chose stays chosen when a model appears.
        panel.setEngine(Engine::Camera);
        panel.setModelAvailable(false);
        panel.setModelAvailable(true);
        QCOMPARE(panel.engine(), Engine::Camera);
    }

    void currentValuesMakeTheSamePreset() {
        for (const Preset& preset : kinora::builtInPresets()) {
            ParameterPanel panel;
            panel.setImageSize(kPortrait);
            panel.applyPreset(preset);
            Preset saved = panel.currentValues();
            saved.id = saved.name = QStringLiteral("mine");
            ParameterPanel other;
            other.setImageSize(kPortrait);
            other.applyPreset(saved);
            QJsonObject mine = other.applyTo({}).toJson();
            QJsonObject original = panel.applyTo({}).toJson();
            mine.remove("preset");
            original.remove("preset");
            QCOMPARE(mine, original);
            QVERIFY(!other.isPresetModified());
            QCOMPARE(other.presetLabel(), QStringLiteral("mine"));
        }
    }
};

QTEST_MAIN(TestParameterPanel)
#include "tst_parameterpanel.moc"
