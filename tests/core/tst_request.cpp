// Generation requests: JSON round trip, validation of every bad value, resolution names, presets.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>
#include <limits>

#include "facade/GenerationRequest.h"
#include "facade/Presets.h"

using namespace kinora;

class TestRequest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void defaultsAreValidOnceThereIsAPrompt() {
        GenerationRequest request;
        QCOMPARE(validateRequest(request).size(), 1);
        QCOMPARE(validateRequest(request).front().field, QStringLiteral("prompt"));
        request.prompt = QStringLiteral("camera slowly panning left, clouds drifting");
        QVERIFY(validateRequest(request).isEmpty());
        QVERIFY(request.negativePrompt.startsWith(QStringLiteral("Distorted, discontinuous")));
    }

    void jsonRoundTrip() {
        GenerationRequest request;
        request.prompt = QStringLiteral("waves crashing, in slow motion");
        request.imagePath = QStringLiteral("/tmp/sea.jpg");
        request.width = 896;
        request.height = 512;
        request.frames = 8;
        request.steps = 30;
        request.guidance = 7.5;
        request.seed = (1ull << 60) + 7;  // beyond a JSON number's exact range
        request.vaeSeed = 1234;
        request.format = QStringLiteral("webm");
        request.sampler = QStringLiteral("unipc");
        request.guidanceUntil = 0.6;
        request.cache = QStringLiteral("deep:3");
        request.preprocess = PreprocessSettings::advised();
        request.parent = QStringLiteral("/tmp/sea_p1_s7.json");
        request.origin = QStringLiteral("refine: steps 50");
        QList<RequestProblem> problems;
        const auto text = QJsonDocument(request.toJson()).toJson();
        const auto back = requestFromJson(QJsonDocument::fromJson(text).object(), {}, &problems);
        QVERIFY(problems.isEmpty());
        QCOMPARE(back.toJson(), request.toJson());
        QCOMPARE(back.seed, request.seed);
        QCOMPARE(back.vaeSeed, request.vaeSeed);
        QVERIFY(back.preprocess.resize && back.preprocess.contrast && back.preprocess.sharpness);
        QVERIFY(!back.preprocess.exposure);
        QCOMPARE(back.parent, request.parent);
        QCOMPARE(back.origin, request.origin);
        QCOMPARE(back.sampler, QStringLiteral("unipc"));
        QCOMPARE(back.guidanceUntil, 0.6);
        QCOMPARE(back.cache, QStringLiteral("deep:3"));
        // Without preprocessing or lineage the record carries no such keys.
        for (const char* key : {"preprocess", "parent", "origin"})
            QVERIFY2(!GenerationRequest{}.toJson().contains(QLatin1String(key)), key);
    }

    void missingFieldsKeepTheBase() {
        GenerationRequest base;
        base.frames = 8;
        base.steps = 30;
        QList<RequestProblem> problems;
        const auto request = requestFromJson(
            QJsonObject{{"prompt", "leaves falling"}, {"steps", 60}}, base, &problems);
        QVERIFY(problems.isEmpty());
        QCOMPARE(request.frames, 8);
        QCOMPARE(request.steps, 60);
    }

    void badJsonTypes_data() {
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<QString>("field");
        QTest::newRow("frames as text") << QJsonObject{{"frames", "sixteen"}} << "frames";
        QTest::newRow("fractional steps") << QJsonObject{{"steps", 30.5}} << "steps";
        QTest::newRow("negative seed") << QJsonObject{{"seed", -3}} << "seed";
        QTest::newRow("seed text not a number") << QJsonObject{{"seed", "abc"}} << "seed";
        QTest::newRow("prompt as number") << QJsonObject{{"prompt", 5}} << "prompt";
        QTest::newRow("guidance as text") << QJsonObject{{"guidance", "high"}} << "guidance";
        QTest::newRow("preprocess as text") << QJsonObject{{"preprocess", "yes"}} << "preprocess";
        QTest::newRow("preprocess step as number")
            << QJsonObject{{"preprocess", QJsonObject{{"resize", 1}}}} << "preprocess";
    }

    void badJsonTypes() {
        QFETCH(QJsonObject, json);
        QFETCH(QString, field);
        QList<RequestProblem> problems;
        requestFromJson(json, {}, &problems);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.front().field, field);
        QVERIFY(!problems.front().remedy.isEmpty());
    }

    void badValues_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<double>("value");
        QTest::newRow("width not multiple of 8") << "width" << 1000.0 + 3;
        QTest::newRow("height too small") << "height" << 16.0;
        QTest::newRow("width huge") << "width" << 30000.0;
        QTest::newRow("one frame") << "frames" << 1.0;
        QTest::newRow("absurd frames") << "frames" << 10000.0;
        QTest::newRow("zero steps") << "steps" << 0.0;
        QTest::newRow("negative guidance") << "guidance" << -1.0;
        QTest::newRow("NaN guidance") << "guidance" << std::nan("");
        QTest::newRow("infinite guidance") << "guidance" << std::numeric_limits<double>::infinity();
        QTest::newRow("zero target fps") << "target_fps" << 0.0;
        QTest::newRow("zero output fps") << "output_fps" << 0.0;
        QTest::newRow("eta above one") << "eta" << 2.0;
        QTest::newRow("zero decode chunk") << "decode_chunk_size" << 0.0;
    }

    void badValues() {
        QFETCH(QString, field);
        QFETCH(double, value);
        GenerationRequest request;
        request.prompt = QStringLiteral("person turning head to the right");
        if (field == "width")
            request.width = int(value);
        if (field == "height")
            request.height = int(value);
        if (field == "frames")
            request.frames = int(value);
        if (field == "steps")
            request.steps = int(value);
        if (field == "guidance")
            request.guidance = value;
        if (field == "target_fps")
            request.targetFps = int(value);
        if (field == "output_fps")
            request.outputFps = int(value);
        if (field == "eta")
            request.eta = value;
        if (field == "decode_chunk_size")
            request.decodeChunkSize = int(value);
        const auto problems = validateRequest(request);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.front().field, field);
        QVERIFY(!problems.front().message.isEmpty());
        QVERIFY(!problems.front().remedy.isEmpty());
    }

    void badNames_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::newRow("device") << "device"
                                << "tpu";
        QTest::newRow("dtype") << "dtype"
                               << "int8";
        QTest::newRow("format") << "format"
                                << "avi";
        QTest::newRow("sampler") << "sampler"
                                 << "dpm++";
        QTest::newRow("cache word") << "cache"
                                    << "on";
        QTest::newRow("cache interval 1") << "cache"
                                          << "deep:1";
        QTest::newRow("cache without interval") << "cache"
                                                << "deep:";
    }

    void badNames() {
        QFETCH(QString, field);
        QFETCH(QString, value);
        GenerationRequest request;
        request.prompt = QStringLiteral("snow falling");
        if (field == "device")
            request.device = value;
        if (field == "dtype")
            request.dtype = value;
        if (field == "format")
            request.format = value;
        if (field == "sampler")
            request.sampler = value;
        if (field == "cache")
            request.cache = value;
        const auto problems = validateRequest(request);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.front().field, field);
        // The message names the value, the remedy the accepted ones.
        QVERIFY2(problems.front().message.contains(value), qPrintable(problems.front().message));
        QVERIFY(!problems.front().remedy.isEmpty());
        if (field == "sampler") {
            for (const char* name : {"ddim", "dpmpp-2m", "euler-a", "unipc"})
                QVERIFY2(problems.front().remedy.contains(QLatin1String(name)),
                         qPrintable(problems.front().remedy));
        }
    }

    // A multistep solver of order 2 needs two steps: a specific error before any model work.
    void samplerMinimumSteps_data() {
        QTest::addColumn<QString>("sampler");
        QTest::addColumn<int>("steps");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ddim 1") << "ddim" << 1 << true;
        QTest::newRow("euler 1") << "euler" << 1 << true;
        QTest::newRow("dpmpp-2m 1") << "dpmpp-2m" << 1 << false;
        QTest::newRow("dpmpp-2m 2") << "dpmpp-2m" << 2 << true;
        QTest::newRow("unipc 1") << "unipc" << 1 << false;
    }

    void samplerMinimumSteps() {
        QFETCH(QString, sampler);
        QFETCH(int, steps);
        QFETCH(bool, valid);
        GenerationRequest request;
        request.prompt = QStringLiteral("snow falling");
        request.sampler = sampler;
        request.steps = steps;
        const auto problems = validateRequest(request);
        QCOMPARE(problems.isEmpty(), valid);
        if (!valid) {
            QCOMPARE(problems.front().field, QStringLiteral("steps"));
            QVERIFY2(problems.front().message.contains(sampler),
                     qPrintable(problems.front().message));
        }
    }

    void guidanceUntilOutsideZeroToOne_data() {
        QTest::addColumn<double>("value");
        QTest::newRow("above 1") << 1.5;
        QTest::newRow("below 0") << -0.25;
        QTest::newRow("NaN") << std::nan("");
    }

    void guidanceUntilOutsideZeroToOne() {
        QFETCH(double, value);
        GenerationRequest request;
        request.prompt = QStringLiteral("snow falling");
        request.guidanceUntil = value;
        const auto problems = validateRequest(request);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.front().field, QStringLiteral("guidance_until"));
    }

    // Records made before samplers have no sampler, guidance_until or cache: they replay as the
    // run they were (DDIM, guidance on every step, no draft cache).
    void recordsWithoutSamplerFieldsAreDdim() {
        GenerationRequest old;
        old.prompt = QStringLiteral("waves");
        QJsonObject json = old.toJson();
        for (const char* key : {"sampler", "guidance_until", "cache"}) {
            QVERIFY2(json.contains(QLatin1String(key)), key);
            json.remove(QLatin1String(key));
        }
        const QByteArray sidecar = QJsonDocument(QJsonObject{{"request", json}}).toJson();
        const auto recorded = requestFromSidecar(sidecar, QStringLiteral("old.json"));
        QVERIFY2(recorded, recorded ? "" : qPrintable(recorded.error().message));
        QCOMPARE(recorded->request.sampler, QStringLiteral("ddim"));
        QCOMPARE(recorded->request.guidanceUntil, 1.0);
        QCOMPARE(recorded->request.cache, QStringLiteral("off"));
        QVERIFY(!isDraft(recorded->request));
    }

    void resolutionRule_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QSize>("image");
        QTest::addColumn<QSize>("expected");
        QTest::newRow("512p, unknown image: 16:9") << "512p" << QSize() << QSize(896, 512);
        QTest::newRow("512p, square") << "512p" << QSize(1000, 1000) << QSize(512, 512);
        QTest::newRow("512p, 4:3") << "512p" << QSize(640, 480) << QSize(704, 512);
        QTest::newRow("512p, portrait 9:16") << "512p" << QSize(720, 1280) << QSize(512, 896);
        QTest::newRow("768p, 16:9") << "768p" << QSize(1920, 1080) << QSize(1344, 768);
        QTest::newRow("1024p, 3:2") << "1024p" << QSize(1500, 1000) << QSize(1536, 1024);
        QTest::newRow("native ignores aspect") << "native" << QSize(100, 100) << QSize(1280, 704);
        QTest::newRow("upper case") << "512P" << QSize(1000, 1000) << QSize(512, 512);
    }

    void resolutionRule() {
        QFETCH(QString, name);
        QFETCH(QSize, image);
        QFETCH(QSize, expected);
        const auto size = sizeForResolution(name, image);
        QVERIFY(size);
        QCOMPARE(*size, expected);
        QCOMPARE(size->width() % 64, 0);
        QCOMPARE(size->height() % 64, 0);
    }

    void unknownResolutions() {
        QVERIFY(!sizeForResolution(QStringLiteral("huge")));
        QVERIFY(!sizeForResolution(QStringLiteral("512")));
        QVERIFY(!sizeForResolution(QStringLiteral("99999p")));
    }

    void presetsEqualTheDataFile() {
        QFile file(QStringLiteral(KINORA_SOURCE_DIR "/resources/presets.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto array =
            QJsonDocument::fromJson(file.readAll()).object().value("presets").toArray();
        const auto presets = builtInPresets();
        QCOMPARE(presets.size(), array.size());
        QStringList ids;
        for (int i = 0; i < presets.size(); ++i) {
            const auto json = array[i].toObject();
            ids << presets[i].id;
            QCOMPARE(presets[i].id, json.value("id").toString());
            QCOMPARE(presets[i].frames, json.value("frames").toInt());
            QCOMPARE(presets[i].steps, json.value("steps").toInt());
            QCOMPARE(presets[i].guidance, json.value("guidance").toDouble());
            QCOMPARE(presets[i].targetFps, json.value("target_fps").toInt());
            QCOMPARE(presets[i].sampler, json.value("sampler").toString());
            QCOMPARE(presets[i].cache, json.value("cache").toString());
            QCOMPARE(presets[i].guidanceUntil, json.value("guidance_until").toDouble());
            QVERIFY(!presets[i].reason.isEmpty());
            GenerationRequest request;
            request.prompt = QStringLiteral("clouds drifting");
            const auto applied = applyPreset(presets[i], request, QSize(1600, 900));
            QVERIFY2(validateRequest(applied).isEmpty(), qPrintable(presets[i].id));
            QCOMPARE(applied.preset, presets[i].id);
        }
        QCOMPARE(ids, (QStringList{"fast", "balanced", "quality", "native"}));
        const auto native = applyPreset(*findPreset("native"), {}, QSize(500, 500));
        QCOMPARE(QSize(native.width, native.height), QSize(1280, 704));
        QCOMPARE(native.steps, 50);
        QCOMPARE(native.sampler, QStringLiteral("ddim"));
        QCOMPARE(native.cache, QStringLiteral("off"));
        QCOMPARE(native.frames, 16);
        QCOMPARE(native.targetFps, 16);
    }
};

QTEST_GUILESS_MAIN(TestRequest)
#include "tst_request.moc"
