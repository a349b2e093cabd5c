// The facade's texts in the window's language: with Chinese installed, every parameter advisor and
// image check finding, every input-image loading error, the camera engine's path, the built-in
// presets and the memory plan read in Chinese; with English they read exactly as the facade writes
// them with no translator (as the CLI prints them).
#include <QAction>
#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <functional>

#include "common/BadImages.h"
#include "facade/CameraPrompt.h"
#include "facade/MemoryPlanning.h"
#include "facade/ParameterAdvisor.h"
#include "facade/Presets.h"
#include "media/ImageChecks.h"
#include "media/ImageLoader.h"
#include "ui/FacadeText.h"
#include "ui/MainWindow.h"
#include "ui/PromptEditor.h"
#include "ui/Settings.h"
#include "ui/Translation.h"

using namespace kinora;

Q_DECLARE_METATYPE(kinora::CameraMoveKind)
Q_DECLARE_METATYPE(kinora::CameraDirection)
Q_DECLARE_METATYPE(kinora::model::ExecutionPlan)

namespace {

const QString kChinese = QStringLiteral("zh_CN");
const QString kEnglish = QStringLiteral("en");
// The default size is the one I2VGen-XL was trained on.
constexpr int kTrainedWidth = parameterSpec(RequestParameter::Width).intDefault();
constexpr int kTrainedHeight = parameterSpec(RequestParameter::Height).intDefault();

bool hasHan(const QString& text) {
    return std::any_of(text.begin(), text.end(),
                       [](QChar c) { return c.script() == QChar::Script_Han; });
}

// Two Latin words in a row are an English phrase left untranslated; names and units (I2VGen-XL,
// DDIM, fps, 512p) stand alone in the Chinese texts.
bool hasEnglishPhrase(const QString& text) {
    static const QRegularExpression phrase(QStringLiteral("[A-Za-z]{2,}\\s+[A-Za-z]{2,}"));
    return phrase.match(text).hasMatch();
}

bool hasPlaceholder(const QString& text) {
    static const QRegularExpression placeholder(QStringLiteral("%\\d"));
    return placeholder.match(text).hasMatch();
}

// Empty when `text` reads as a finished Chinese text, else why not.
QString notChinese(const QString& text) {
    if (!hasHan(text))
        return QStringLiteral("no Chinese: ") + text;
    if (hasEnglishPhrase(text))
        return QStringLiteral("English left: ") + text;
    if (hasPlaceholder(text))
        return QStringLiteral("placeholder left: ") + text;
    return {};
}

// The rule ids a source file gives its findings (`add("rule", ...)`), so a rule added later
// without a row here fails the coverage tests.
QSet<QString> rulesIn(const QString& sourceFile) {
    QFile file(QStringLiteral(KINORA_SOURCE_DIR "/") + sourceFile);
    if (!file.open(QIODevice::ReadOnly))
        return {QStringLiteral("cannot read ") + sourceFile};
    static const QRegularExpression add(QStringLiteral("\\badd\\(\\s*\"([a-z0-9-]+)\""));
    QSet<QString> rules;
    for (const auto& match : add.globalMatch(QString::fromUtf8(file.readAll())))
        rules << match.captured(1);
    return rules;
}

// ---- Parameter advice: requests built from the advisor's thresholds, one per text variant ----

struct AdviceCase {
    const char* name;
    const char* rule;
    GenerationRequest request;
    bool finalRender = false;
};

GenerationRequest adviceRequest(int width, int height, int frames, int steps, double guidance) {
    GenerationRequest request;
    request.width = width;
    request.height = height;
    request.frames = frames;
    request.steps = steps;
    request.guidance = guidance;
    return request;
}

QList<AdviceCase> adviceCases() {
    // The defaults are the trained size and frames and the authors' steps and guidance.
    const GenerationRequest defaults;
    const int w = kTrainedWidth, h = kTrainedHeight, f = defaults.frames, s = defaults.steps;
    const double g = defaults.guidance;
    const ParameterRange usefulGuidance = parameterSpec(RequestParameter::Guidance).useful;
    GenerationRequest otherTargetFps = adviceRequest(w, h, f, s, g);
    otherTargetFps.targetFps = otherTargetFps.outputFps * 2;
    const auto withSampler = [](GenerationRequest request, const char* sampler) {
        request.sampler = QLatin1String(sampler);
        return request;
    };
    GenerationRequest lateGuidance = adviceRequest(w, h, f, s, g);
    lateGuidance.guidanceUntil = 0.2;
    GenerationRequest draft = adviceRequest(w, h, f, s, g);
    draft.cache = QStringLiteral("deep:2");
    return {
        {"twice the trained size", "heavy-run", adviceRequest(2 * w, 2 * h, f, s, g)},
        {"a fifth of the steps, high guidance", "low-steps-high-guidance",
         adviceRequest(w, h, f, s / 5, usefulGuidance.high)},
        {"final render below the steps", "final-steps", adviceRequest(w, h, f, s - 10, g), true},
        {"draft steps", "draft-steps", adviceRequest(w, h, f, s - 10, g)},
        {"guidance off", "guidance-range", adviceRequest(w, h, f, s, 1.0)},
        {"guidance far below", "guidance-range", adviceRequest(w, h, f, s, usefulGuidance.low / 2)},
        {"guidance just below", "guidance-range",
         adviceRequest(w, h, f, s, usefulGuidance.low - 0.5)},
        {"guidance just above", "guidance-range",
         adviceRequest(w, h, f, s, usefulGuidance.high + 0.5)},
        {"guidance far above", "guidance-range",
         adviceRequest(w, h, f, s, usefulGuidance.high * 2)},
        {"near the trained size", "off-distribution", adviceRequest(w - 64, h, f, s, g)},
        {"portrait", "off-distribution", adviceRequest(h, w, f, s, g)},
        {"a sixteenth of the area", "off-distribution", adviceRequest(w / 4, h / 4, f, s, g)},
        {"not a multiple of 64", "size-multiple-64", adviceRequest(w + 8, h, f, s, g)},
        {"few frames", "frames-off-16", adviceRequest(w, h, f / 8, s, g)},
        {"many frames", "frames-off-16", adviceRequest(w, h, f * 4, s, g)},
        {"clip length", "clip-length", adviceRequest(w, h, f, s, g)},
        {"clip length, other motion fps", "clip-length", otherTargetFps},
        {"few DPM++ steps", "sampler-steps", withSampler(adviceRequest(w, h, f, 8, g), "dpmpp-2m")},
        {"many UniPC steps", "sampler-steps", withSampler(adviceRequest(w, h, f, 40, g), "unipc")},
        {"guidance on a fifth of the steps", "guidance-until-low", lateGuidance},
        {"draft cache", "draft-cache", draft},
        {"draft cache, final render", "draft-cache", draft, true},
    };
}

QList<Finding> advise(const AdviceCase& advice) {
    ParameterAdviceOptions options;
    options.finalRender = advice.finalRender;
    return adviseParameters(advice.request, options);
}

// ---- Image checks: measurements just past each calibrated threshold, one per text variant ----

struct ImageCase {
    const char* name;
    const char* rule;
    media::ImageMeasurements measurements;
    QSize target;
};

QList<ImageCase> imageCases() {
    const media::ImageCheckThresholds t;
    const QSize target(kTrainedWidth, kTrainedHeight);
    // A well-exposed, sharp, photograph-like measurement of the target's own size: no finding.
    media::ImageMeasurements good;
    good.size = target;
    good.workingSize = target;
    good.sharpness = 4 * t.blurSharpness;
    good.meanLuma = 120;
    good.lumaP1 = 10;
    good.lumaP5 = 25;
    good.lumaP50 = 120;
    good.lumaP95 = 220;
    good.lumaP99 = 245;
    good.salientRegions = {QRectF(400, 200, 400, 300)};
    const auto with = [&](const std::function<void(media::ImageMeasurements&)>& change) {
        media::ImageMeasurements m = good;
        change(m);
        return m;
    };
    return {
        {"none", "", good, target},
        {"enlarged", "too-small", with([&](auto& m) { m.size = target / (2 * t.upscaleWarning); }),
         target},
        {"blurred", "blur", with([&](auto& m) { m.sharpness = t.blurSharpness / 2; }), target},
        {"dark", "underexposed", with([&](auto& m) {
             m.meanLuma = t.underexposedMean / 2;
             m.lumaP95 = t.underexposedP95 / 2;
         }),
         target},
        {"bright", "overexposed", with([&](auto& m) {
             m.meanLuma = (t.overexposedMean + 255) / 2;
             m.highlightsClipped = 2 * t.clippedHighlights;
         }),
         target},
        {"clipped highlights", "clipped-highlights",
         with([&](auto& m) { m.highlightsClipped = 2 * t.clippedHighlights; }), target},
        {"crushed shadows", "clipped-shadows",
         with([&](auto& m) { m.shadowsClipped = (t.clippedShadows + 1) / 2; }), target},
        {"flat", "low-contrast",
         with([&](auto& m) { m.lumaP99 = m.lumaP1 + t.lowContrastSpread / 2; }), target},
        {"text", "text-or-diagram",
         with([&](auto& m) { m.textLineCoverage = 2 * t.textLineCoverage; }), target},
        {"diagram", "text-or-diagram", with([&](auto& m) {
             m.flatFraction = (t.diagramFlatFraction + 1) / 2;
             m.axisAlignedEdges = (t.diagramAxisAlignedEdges + 1) / 2;
             m.dominantColours = (t.diagramDominantColours + 1) / 2;
         }),
         target},
        {"several subjects", "busy-scene", with([&](auto& m) {
             m.salientRegions.clear();
             for (int i = 0; i < t.busySalientRegions; ++i)
                 m.salientRegions << QRectF(100 + 350 * i, 200, 200, 200);
         }),
         target},
        {"square picture", "crop",
         with([&](auto& m) { m.size = QSize(2 * target.width(), 2 * target.width()); }), target},
    };
}

// A real picture through the whole check (OpenCV measures it): small, dark and featureless.
QImage darkFlatPicture() {
    QImage picture(kTrainedWidth / 4, kTrainedHeight / 4, QImage::Format_RGB888);
    picture.fill(QColor(30, 30, 30));
    return picture;
}

struct Texts {
    QString message;
    QString fix;
};

QList<Texts> textsOf(const QList<Finding>& findings) {
    QList<Texts> texts;
    for (const auto& finding : findings)
        texts.append({finding.message, finding.suggestion});
    return texts;
}

QList<Texts> textsOf(const QList<media::ImageFinding>& findings) {
    QList<Texts> texts;
    for (const auto& finding : findings)
        texts.append({finding.message, finding.fix});
    return texts;
}

bool containsRule(const QList<Finding>& findings, const QString& rule) {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const Finding& finding) { return finding.rule == rule; });
}

bool containsRule(const QList<media::ImageFinding>& findings, const QString& rule) {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const media::ImageFinding& finding) { return finding.rule == rule; });
}

// The rule and Chinese-ness of every finding of `texts`, and the English ones equal to the
// untranslated ones.
void verifyChinese(const QList<Texts>& texts) {
    QVERIFY(!texts.isEmpty());
    for (const auto& text : texts) {
        QVERIFY2(notChinese(text.message).isEmpty(), qPrintable(notChinese(text.message)));
        QVERIFY2(notChinese(text.fix).isEmpty(), qPrintable(notChinese(text.fix)));
    }
}

void verifyEnglish(const QList<Texts>& texts, const QList<Texts>& untranslated) {
    QCOMPARE(texts.size(), untranslated.size());
    for (int i = 0; i < texts.size(); ++i) {
        QCOMPARE(texts[i].message, untranslated[i].message);
        QCOMPARE(texts[i].fix, untranslated[i].fix);
        QVERIFY(!hasHan(texts[i].message));
    }
}

// The move kinds and directions the camera phrase table can produce (its "kinds" table: verb ->
// axis -> move kind).
QList<std::pair<CameraMoveKind, CameraDirection>> phraseTableMoves() {
    QFile file(QStringLiteral(KINORA_SOURCE_DIR "/resources/camera_phrases.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QJsonObject kinds =
        QJsonDocument::fromJson(file.readAll()).object().value("kinds").toObject();
    const QHash<QString, QList<CameraDirection>> axes{
        {"horizontal", {CameraDirection::Left, CameraDirection::Right}},
        {"vertical", {CameraDirection::Up, CameraDirection::Down}},
        {"depth", {CameraDirection::In, CameraDirection::Out}},
        {"roll", {CameraDirection::Clockwise, CameraDirection::CounterClockwise}},
    };
    QList<std::pair<CameraMoveKind, CameraDirection>> moves;
    for (auto verb = kinds.begin(); verb != kinds.end(); ++verb) {
        const QJsonObject byAxis = verb.value().toObject();
        for (auto axis = byAxis.begin(); axis != byAxis.end(); ++axis) {
            for (int kind = 0; kind <= int(CameraMoveKind::Dolly); ++kind) {
                if (cameraMoveKindName(CameraMoveKind(kind)) != axis.value().toString())
                    continue;
                for (CameraDirection direction : axes.value(axis.key())) {
                    const std::pair move(CameraMoveKind(kind), direction);
                    if (!moves.contains(move))
                        moves << move;
                }
            }
        }
    }
    return moves;
}

}  // namespace

class TestFacadeText : public QObject {
    Q_OBJECT

    // The facade's texts before any translator was installed: what the CLI prints.
    QHash<QString, QList<Texts>> untranslatedAdvice_;
    QHash<QString, QList<Texts>> untranslatedImage_;
    QList<Texts> untranslatedPicture_;

private Q_SLOTS:
    void initTestCase() {
        for (const auto& advice : adviceCases())
            untranslatedAdvice_.insert(advice.name, textsOf(advise(advice)));
        for (const auto& image : imageCases())
            untranslatedImage_.insert(
                image.name, textsOf(media::checkMeasurements(image.measurements, image.target)));
        untranslatedPicture_ =
            textsOf(media::checkImage(darkFlatPicture(), QSize(kTrainedWidth, kTrainedHeight)));
    }

    void cleanup() { QVERIFY(ui::installTranslation(kEnglish)); }

    void everyAdvisorRuleHasACase() {
        QSet<QString> covered;
        for (const auto& advice : adviceCases())
            covered << advice.rule;
        const QSet<QString> rules = rulesIn(QStringLiteral("core/facade/ParameterAdvisor.cpp"));
        QVERIFY(!rules.isEmpty());
        QCOMPARE(covered, rules);
    }

    void adviceFindings_data() {
        QTest::addColumn<QString>("name");
        for (const auto& advice : adviceCases())
            QTest::newRow(advice.name) << QString::fromLatin1(advice.name);
    }

    void adviceFindings() {
        QFETCH(QString, name);
        const auto cases = adviceCases();
        const auto advice = *std::find_if(cases.begin(), cases.end(),
                                          [&](const AdviceCase& c) { return name == c.name; });
        const QList<Texts>& untranslated = untranslatedAdvice_.value(name);
        QVERIFY(!untranslated.isEmpty());

        QVERIFY(ui::installTranslation(kChinese));
        const QList<Finding> chinese = advise(advice);
        QVERIFY(containsRule(chinese, QLatin1String(advice.rule)));
        verifyChinese(textsOf(chinese));

        QVERIFY(ui::installTranslation(kEnglish));
        const QList<Finding> english = advise(advice);
        // Rules, fields and fixes' values are the same in every language.
        QCOMPARE(english.size(), chinese.size());
        for (int i = 0; i < english.size(); ++i) {
            QCOMPARE(chinese[i].rule, english[i].rule);
            QCOMPARE(chinese[i].field, english[i].field);
            QCOMPARE(chinese[i].changes, english[i].changes);
        }
        verifyEnglish(textsOf(english), untranslated);
    }

    void everyImageRuleHasACase() {
        QSet<QString> covered;
        for (const auto& image : imageCases())
            if (qstrlen(image.rule) > 0)
                covered << image.rule;
        const QSet<QString> rules = rulesIn(QStringLiteral("core/media/ImageChecks.cpp"));
        QVERIFY(!rules.isEmpty());
        QCOMPARE(covered, rules);
    }

    void imageFindings_data() {
        QTest::addColumn<QString>("name");
        for (const auto& image : imageCases())
            if (qstrlen(image.rule) > 0)
                QTest::newRow(image.name) << QString::fromLatin1(image.name);
    }

    void imageFindings() {
        QFETCH(QString, name);
        const auto cases = imageCases();
        const auto image = *std::find_if(cases.begin(), cases.end(),
                                         [&](const ImageCase& c) { return name == c.name; });
        QVERIFY(ui::installTranslation(kChinese));
        const auto chinese = media::checkMeasurements(image.measurements, image.target);
        QVERIFY(containsRule(chinese, QLatin1String(image.rule)));
        verifyChinese(textsOf(chinese));

        QVERIFY(ui::installTranslation(kEnglish));
        verifyEnglish(textsOf(media::checkMeasurements(image.measurements, image.target)),
                      untranslatedImage_.value(name));
    }

    // The measurements the image rows start from draw no finding, so each row's finding is its
    // own change's.
    void imageBaselineIsClean() {
        QVERIFY(untranslatedImage_.contains(QStringLiteral("none")));
        QVERIFY(untranslatedImage_.value(QStringLiteral("none")).isEmpty());
    }

    void pictureFindings() {
        const QSize target(kTrainedWidth, kTrainedHeight);
        QVERIFY(ui::installTranslation(kChinese));
        const auto chinese = media::checkImage(darkFlatPicture(), target);
        for (const char* rule : {"too-small", "blur", "underexposed", "low-contrast"})
            QVERIFY2(containsRule(chinese, QLatin1String(rule)), rule);
        verifyChinese(textsOf(chinese));

        QVERIFY(ui::installTranslation(kEnglish));
        verifyEnglish(textsOf(media::checkImage(darkFlatPicture(), target)), untranslatedPicture_);
    }

    // Every way the loader refuses a picture (named "input.png" for the byte cases), and the note
    // on a picture it takes.
    void loaderMessages_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("path");  // a file to load instead of bytes
        const auto png = [](const QImage& image) {
            QByteArray bytes;
            QBuffer buffer(&bytes);
            buffer.open(QIODevice::WriteOnly);
            image.save(&buffer, "PNG");
            return bytes;
        };
        const QByteArray photo = png(QImage(64, 48, QImage::Format_RGB888));
        QTest::newRow("empty") << QByteArray() << QString();
        QTest::newRow("not an image") << QByteArray("just some text, named .png") << QString();
        QTest::newRow("truncated") << photo.left(photo.size() / 2) << QString();
        QTest::newRow("header claims 30000x30000")
            << test::pngHeaderClaiming(30000, 30000) << QString();
        QTest::newRow("1x1") << png(QImage(1, 1, QImage::Format_RGB888)) << QString();
        QTest::newRow("missing file")
            << QByteArray() << QStringLiteral("/nonexistent-kinora-test/input.png");
        QTest::newRow("a folder") << QByteArray() << QDir::tempPath();
    }
    void loaderMessages() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, path);
        const auto load = [&] {
            return path.isEmpty() ? media::loadInputImageData(bytes, QStringLiteral("input.png"))
                                  : media::loadInputImage(path);
        };
        const media::LoadedImage untranslated = load();
        QVERIFY(!untranslated.ok());
        QVERIFY(!hasHan(untranslated.error + untranslated.remedy));

        QVERIFY(ui::installTranslation(kChinese));
        const media::LoadedImage chinese = load();
        QVERIFY(!chinese.ok());
        // The message may quote Qt's own decoder error, which Kinora does not translate.
        QVERIFY2(hasHan(chinese.error), qPrintable(chinese.error));
        QVERIFY2(!hasPlaceholder(chinese.error), qPrintable(chinese.error));
        QVERIFY2(notChinese(chinese.remedy).isEmpty(), qPrintable(notChinese(chinese.remedy)));

        QVERIFY(ui::installTranslation(kEnglish));
        const media::LoadedImage english = load();
        QCOMPARE(english.error, untranslated.error);
        QCOMPARE(english.remedy, untranslated.remedy);
    }

    void cameraMoves_data() {
        QTest::addColumn<CameraMoveKind>("kind");
        QTest::addColumn<CameraDirection>("direction");
        const auto moves = phraseTableMoves();
        QVERIFY(!moves.isEmpty());
        for (const auto& [kind, direction] : moves)
            QTest::addRow("%s %s", qPrintable(cameraMoveKindName(kind)),
                          qPrintable(cameraDirectionName(direction)))
                << kind << direction;
    }

    void cameraMoves() {
        QFETCH(CameraMoveKind, kind);
        QFETCH(CameraDirection, direction);
        for (CameraSpeed speed : {CameraSpeed::Slow, CameraSpeed::Medium, CameraSpeed::Fast}) {
            const CameraMove move{kind, direction, speed, QString()};
            QVERIFY(ui::installTranslation(kChinese));
            const QString chinese = ui::cameraMoveText(move);
            QVERIFY2(notChinese(chinese).isEmpty(), qPrintable(notChinese(chinese)));
            QVERIFY(ui::installTranslation(kEnglish));
            QCOMPARE(ui::cameraMoveText(move),
                     QStringLiteral("%1 %2, %3")
                         .arg(cameraMoveKindName(kind), cameraDirectionName(direction),
                              cameraSpeedName(speed)));
        }
    }

    void cameraPaths_data() {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<bool>("isStatic");
        QTest::addColumn<bool>("isDefault");
        QTest::addColumn<int>("moves");
        QTest::addColumn<QString>("chinese");
        QTest::newRow("static") << "a lighthouse at dusk, static camera" << true << false << 0
                                << QString::fromUtf8("固定镜头（无运动）");
        QTest::newRow("default") << "a lighthouse at dusk" << false << true << 1
                                 << QString::fromUtf8(
                                        "变焦推近，慢速（默认：提示词未指定镜头运动）");
        QTest::newRow("two moves")
            << "camera slowly panning left, then zooming in quickly" << false << false << 2
            << QString::fromUtf8("向左平移，慢速；变焦推近，快速");
    }

    void cameraPaths() {
        QFETCH(QString, prompt);
        QFETCH(bool, isStatic);
        QFETCH(bool, isDefault);
        QFETCH(int, moves);
        QFETCH(QString, chinese);
        const CameraPath path = parseCameraPrompt(prompt);
        QCOMPARE(path.isStatic, isStatic);
        QCOMPARE(path.isDefault, isDefault);
        QCOMPARE(int(path.moves.size()), moves);
        QVERIFY(!hasHan(path.understood));  // the facade's own text stays English

        QVERIFY(ui::installTranslation(kChinese));
        const QString text = ui::cameraPathText(path);
        QCOMPARE(text, chinese);
        QVERIFY(notChinese(text).isEmpty());
        for (const CameraMove& move : path.moves)
            QVERIFY(text.contains(ui::cameraMoveText(move)));
        QCOMPARE(parseCameraPrompt(prompt).understood, path.understood);

        QVERIFY(ui::installTranslation(kEnglish));
        QCOMPARE(ui::cameraPathText(path), path.understood);
    }

    void presetTexts_data() {
        QTest::addColumn<QString>("id");
        const auto presets = kinora::builtInPresets();
        QVERIFY(!presets.isEmpty());
        for (const auto& preset : presets)
            QTest::newRow(qPrintable(preset.id)) << preset.id;
    }

    // English reads as resources/presets.json: a changed name or reason there fails here until
    // the table in ui/FacadeText.cpp (and so the translation) follows.
    void presetTexts() {
        QFETCH(QString, id);
        const auto preset = findPreset(id);
        QVERIFY(preset);
        QVERIFY(ui::installTranslation(kChinese));
        QVERIFY2(notChinese(ui::presetName(*preset)).isEmpty(),
                 qPrintable(notChinese(ui::presetName(*preset))));
        QVERIFY2(notChinese(ui::presetReason(*preset)).isEmpty(),
                 qPrintable(notChinese(ui::presetReason(*preset))));
        QVERIFY(ui::installTranslation(kEnglish));
        QCOMPARE(ui::presetName(*preset), preset->name);
        QCOMPARE(ui::presetReason(*preset), preset->reason);
    }

    void userPresetKeepsItsName() {
        Preset mine;
        mine.id = mine.name = QStringLiteral("Evening light");
        mine.reason = QStringLiteral("my own settings");
        QVERIFY(ui::installTranslation(kChinese));
        QCOMPARE(ui::presetName(mine), mine.name);
        QCOMPARE(ui::presetReason(mine), mine.reason);
    }

    void memorySettings_data() {
        QTest::addColumn<model::ExecutionPlan>("settings");
        QTest::newRow("defaults") << model::ExecutionPlan{};
        model::ExecutionPlan all;
        all.attentionQueryChunk = 512;
        all.feedForwardChunk = 1024;
        all.releaseEncoders = true;
        all.offload = true;
        all.decodeChunkFrames = 4;
        all.decodeTiled = true;
        QTest::newRow("every saving") << all;
    }

    void memorySettings() {
        QFETCH(model::ExecutionPlan, settings);
        QVERIFY(ui::installTranslation(kChinese));
        const QString chinese = ui::memorySettingsText(settings);
        QVERIFY2(notChinese(chinese).isEmpty(), qPrintable(notChinese(chinese)));
        QVERIFY(ui::installTranslation(kEnglish));
        QCOMPARE(ui::memorySettingsText(settings), describeExecutionPlan(settings));
    }

    // The window shows these texts: the camera engine's path (no model folder is set) and the
    // built-in presets in the Presets menu.
    void windowShowsChinese() {
        QVERIFY(ui::installTranslation(kChinese));
        QTemporaryDir settingsDir;
        ui::Settings settings(settingsDir.path());
        ui::MainWindow window(&settings);
        const QString prompt = QStringLiteral("camera slowly panning left");
        auto* editor = window.findChild<ui::PromptEditor*>(QStringLiteral("promptEditor"));
        QVERIFY(editor);
        editor->setPrompt(prompt);
        auto* cameraPath = window.findChild<QLabel*>(QStringLiteral("cameraPathLabel"));
        QVERIFY(cameraPath);
        QTRY_VERIFY(cameraPath->text().contains(ui::cameraPathText(parseCameraPrompt(prompt))));
        QVERIFY(!cameraPath->text().contains(parseCameraPrompt(prompt).understood));

        auto* presets = window.findChild<QMenu*>(QStringLiteral("presetsMenu"));
        QVERIFY(presets);
        for (const auto& preset : kinora::builtInPresets()) {
            auto* entry = presets->findChild<QAction*>(QStringLiteral("preset_") + preset.id);
            QVERIFY2(entry, qPrintable(preset.id));
            QCOMPARE(entry->text(), ui::presetName(preset));
            QCOMPARE(entry->toolTip(), ui::presetReason(preset));
            QVERIFY(hasHan(entry->text()));
        }
    }
};

QTEST_MAIN(TestFacadeText)
#include "tst_facadetext.moc"
