// The parameter advisor: the users' traps (PRODUCT_NOTES part 3) and the model authors' limits,
// each flagged with its field and a fix that, applied to the request, clears it; the recommended
// settings draw no warning.
#include <QTest>

#include "facade/GenerationRequest.h"
#include "facade/ParameterAdvisor.h"
#include "facade/Presets.h"

using namespace kinora;

Q_DECLARE_METATYPE(kinora::Severity)

namespace {

QString describe(const QList<Finding>& findings) {
    QStringList lines;
    for (const auto& f : findings)
        lines << QStringLiteral("%1 [%2] %3: %4")
                     .arg(f.rule, severityName(f.severity), f.field, f.message);
    return lines.join('\n');
}

std::optional<Finding> findRule(const QList<Finding>& findings, const QString& rule) {
    for (const auto& finding : findings)
        if (finding.rule == rule)
            return finding;
    return std::nullopt;
}

QList<Finding> warnings(const QList<Finding>& findings) {
    QList<Finding> result;
    for (const auto& finding : findings)
        if (finding.severity != Severity::Info)
            result.append(finding);
    return result;
}

GenerationRequest request(int width, int height, int frames, int steps, double guidance,
                          const QString& preset = {}) {
    GenerationRequest r;
    r.prompt = QStringLiteral("camera slowly panning left, clouds drifting");
    r.width = width;
    r.height = height;
    r.frames = frames;
    r.steps = steps;
    r.guidance = guidance;
    r.preset = preset;
    return r;
}

}  // namespace

class TestParameterAdvisor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nativeDefaultsOnlyReportTheClipLength() {
        const auto findings = adviseParameters(GenerationRequest{});
        QVERIFY2(findings.size() == 1, qPrintable(describe(findings)));
        QCOMPARE(findings.front().rule, QStringLiteral("clip-length"));
        QCOMPARE(findings.front().severity, Severity::Info);
        QVERIFY(findings.front().message.contains(QStringLiteral("1.00 s")));
    }

    // The presets are the recommended settings: none may warn (the fast one is honest, as
    // information, about its draft cache and size).
    void presetsDrawNoWarning() {
        for (const auto& preset : builtInPresets()) {
            const auto findings = adviseParameters(applyPreset(preset, GenerationRequest{}));
            QVERIFY2(warnings(findings).isEmpty(),
                     qPrintable(preset.id + QLatin1Char('\n') + describe(findings)));
        }
        const auto fast = findPreset(QStringLiteral("fast"));
        QVERIFY(fast);
        const auto findings = adviseParameters(applyPreset(*fast, GenerationRequest{}));
        QVERIFY(findRule(findings, QStringLiteral("draft-cache")));
        QVERIFY(findRule(findings, QStringLiteral("off-distribution")));
    }

    void traps_data() {
        QTest::addColumn<GenerationRequest>("request");
        QTest::addColumn<bool>("finalRender");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<Severity>("severity");
        QTest::addColumn<QString>("field");
        const auto row = [](const char* name, const GenerationRequest& r, bool final,
                            const char* rule, Severity severity, const char* field) {
            QTest::newRow(name) << r << final << QString::fromLatin1(rule) << severity
                                << QString::fromLatin1(field);
        };
        // Trap 1: 1024p (16:9) + 32 frames + 100 steps + guidance 15.
        const auto trap1 = request(1792, 1024, 32, 100, 15.0);
        row("trap 1: load", trap1, false, "heavy-run", Severity::Warning, "frames");
        row("trap 1: guidance", trap1, false, "guidance-range", Severity::Warning, "guidance");
        row("trap 1: frames", trap1, false, "frames-off-16", Severity::Warning, "frames");
        row("square 1024p, 32 frames, 100 steps", request(1024, 1024, 32, 100, 9.0), false,
            "heavy-run", Severity::Warning, "frames");
        // Trap 2: 20 steps + guidance 12.
        row("trap 2", request(1280, 704, 16, 20, 12.0), false, "low-steps-high-guidance",
            Severity::Warning, "steps");
        row("guidance 3", request(1280, 704, 16, 50, 3.0), false, "guidance-range",
            Severity::Warning, "guidance");
        row("guidance 1: no guidance", request(1280, 704, 16, 50, 1.0), false, "guidance-range",
            Severity::Warning, "guidance");
        row("guidance 13", request(1280, 704, 16, 50, 13.0), false, "guidance-range",
            Severity::Info, "guidance");
        row("final flag, 30 steps", request(1280, 704, 16, 30, 9.0), true, "final-steps",
            Severity::Warning, "steps");
        row("quality preset, 40 steps", request(1344, 768, 16, 40, 9.0, "quality"), false,
            "final-steps", Severity::Warning, "steps");
        row("native preset, 25 steps", request(1280, 704, 16, 25, 9.0, "native"), false,
            "final-steps", Severity::Warning, "steps");
        row("draft, 30 steps", request(1280, 704, 16, 30, 9.0), false, "draft-steps",
            Severity::Info, "steps");
        row("square 512", request(512, 512, 16, 50, 9.0), false, "off-distribution",
            Severity::Warning, "width");
        row("portrait", request(704, 1280, 16, 50, 9.0), false, "off-distribution",
            Severity::Warning, "width");
        row("512p landscape", request(896, 512, 16, 50, 9.0), false, "off-distribution",
            Severity::Info, "width");
        row("not a multiple of 64", request(1000, 600, 16, 50, 9.0), false, "size-multiple-64",
            Severity::Warning, "width");
        row("48 frames", request(1280, 704, 48, 50, 9.0), false, "frames-off-16", Severity::Warning,
            "frames");
        row("4 frames", request(1280, 704, 4, 50, 9.0), false, "frames-off-16", Severity::Warning,
            "frames");
        // Each sampler's own step range.
        const auto withSampler = [](GenerationRequest r, const char* sampler) {
            r.sampler = QLatin1String(sampler);
            return r;
        };
        row("dpmpp-2m, 8 steps", withSampler(request(1280, 704, 16, 8, 9.0), "dpmpp-2m"), false,
            "sampler-steps", Severity::Info, "steps");
        row("unipc, 8 steps, final", withSampler(request(1280, 704, 16, 8, 9.0), "unipc"), true,
            "sampler-steps", Severity::Warning, "steps");
        row("unipc, 40 steps", withSampler(request(1280, 704, 16, 40, 9.0), "unipc"), false,
            "sampler-steps", Severity::Info, "steps");
        row("dpmpp-2m, 10 steps, guidance 12",
            withSampler(request(1280, 704, 16, 10, 12.0), "dpmpp-2m"), false,
            "low-steps-high-guidance", Severity::Warning, "steps");
        auto lateGuidance = request(1280, 704, 16, 50, 9.0);
        lateGuidance.guidanceUntil = 0.2;
        row("guidance until 0.2", lateGuidance, false, "guidance-until-low", Severity::Warning,
            "guidance_until");
        auto draft = request(1280, 704, 16, 50, 9.0);
        draft.cache = QStringLiteral("deep:2");
        row("draft cache", draft, false, "draft-cache", Severity::Info, "cache");
        row("draft cache, final", draft, true, "draft-cache", Severity::Warning, "cache");
    }

    // DPM++ 2M does at 20 steps what DDIM needs 50 for: no trap-2 warning there.
    void fewStepsAreFineForMultistepSamplers() {
        auto twenty = request(1280, 704, 16, 20, 12.0);
        twenty.sampler = QStringLiteral("dpmpp-2m");
        const auto findings = adviseParameters(twenty);
        QVERIFY2(!findRule(findings, QStringLiteral("low-steps-high-guidance")),
                 qPrintable(describe(findings)));
        QVERIFY2(!findRule(findings, QStringLiteral("draft-steps")),
                 qPrintable(describe(findings)));
        QVERIFY2(!findRule(findings, QStringLiteral("sampler-steps")),
                 qPrintable(describe(findings)));
    }

    void traps() {
        QFETCH(GenerationRequest, request);
        QFETCH(bool, finalRender);
        QFETCH(QString, rule);
        QFETCH(Severity, severity);
        QFETCH(QString, field);
        ParameterAdviceOptions options;
        options.finalRender = finalRender;
        const auto findings = adviseParameters(request, options);
        const auto finding = findRule(findings, rule);
        QVERIFY2(finding, qPrintable(describe(findings)));
        QCOMPARE(finding->severity, severity);
        QCOMPARE(finding->field, field);
        QVERIFY(!finding->message.isEmpty());
        QVERIFY(!finding->suggestion.isEmpty());
        // The fix, applied as the request's JSON, clears the finding.
        QVERIFY(!finding->changes.isEmpty());
        QList<RequestProblem> problems;
        const auto fixed = requestFromJson(finding->changes, request, &problems);
        QVERIFY(problems.isEmpty());
        QVERIFY2(!findRule(adviseParameters(fixed, options), rule),
                 qPrintable(describe(adviseParameters(fixed, options))));
    }

    void trap1NamesTheLoad() {
        const auto finding =
            findRule(adviseParameters(request(1792, 1024, 32, 100, 15.0)), "heavy-run");
        QVERIFY(finding);
        // 1792x1024x32 / (1280x704x16) = 4.07 the memory; x100/50 = 8.1 the work.
        QVERIFY2(finding->message.contains(QStringLiteral("4.1x the memory")),
                 qPrintable(finding->message));
        QVERIFY(finding->message.contains(QStringLiteral("8.1x the time")));
        // Back to the trained size and frames: the defaults.
        QCOMPARE(finding->changes.value("width").toInt(), GenerationRequest().width);
        QCOMPARE(finding->changes.value("frames").toInt(), GenerationRequest().frames);
    }

    void multipleOf64FixKeepsTheShape() {
        const auto finding =
            findRule(adviseParameters(request(1000, 600, 16, 50, 9.0)), "size-multiple-64");
        QVERIFY(finding);
        QCOMPARE(finding->changes.value("width").toInt(), 1024);
        QCOMPARE(finding->changes.value("height").toInt(), 576);
    }

    void clipLength_data() {
        QTest::addColumn<int>("frames");
        QTest::addColumn<int>("outputFps");
        QTest::addColumn<int>("targetFps");
        QTest::addColumn<QString>("says");
        QTest::newRow("16 at 8") << 16 << 8 << 8 << "16 frames at 8 fps play for 2.00 s.";
        QTest::newRow("8 at 8") << 8 << 8 << 8 << "8 frames at 8 fps play for 1.00 s.";
        QTest::newRow("24 at 12") << 24 << 12 << 12 << "24 frames at 12 fps play for 2.00 s.";
        QTest::newRow("played slower than generated")
            << 16 << 8 << 16 << "played at 8 fps it runs 0.50x as fast";
    }

    void clipLength() {
        QFETCH(int, frames);
        QFETCH(int, outputFps);
        QFETCH(int, targetFps);
        QFETCH(QString, says);
        auto r = request(1280, 704, frames, 50, 9.0);
        r.outputFps = outputFps;
        r.targetFps = targetFps;
        const auto finding = findRule(adviseParameters(r), "clip-length");
        QVERIFY(finding);
        QCOMPARE(finding->severity, Severity::Info);
        QCOMPARE(finding->field, QStringLiteral("output_fps"));
        QVERIFY2(finding->message.contains(says), qPrintable(finding->message));
    }

    void invalidValuesAreLeftToValidation() {
        QVERIFY(adviseParameters(request(0, 704, 16, 50, 9.0)).isEmpty());
        QVERIFY(adviseParameters(request(1280, 704, 16, 0, 9.0)).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestParameterAdvisor)
#include "tst_parameteradvisor.moc"
