// The request parameters' table: every entry's default inside its limits and useful range, the
// request's defaults and JSON taken from it, unique JSON keys and CLI flags, and validation that
// refuses one past each limit with a remedy naming the default.
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include "facade/GenerationRequest.h"
#include "facade/Presets.h"
#include "facade/RequestParameters.h"

using namespace kinora;

Q_DECLARE_METATYPE(kinora::RequestParameter)

namespace {

void addRowPerParameter() {
    QTest::addColumn<RequestParameter>("parameter");
    for (const auto& spec : kRequestParameters)
        QTest::newRow(spec.name) << spec.id;
}

bool isWhole(double value) {
    return value == kSeedLimit || value == double(qint64(value));
}

// A valid value other than the default, from the table's own numbers.
double otherValidValue(const RequestParameterSpec& spec) {
    for (const double value : {spec.useful.high, spec.useful.low, spec.limits.low})
        if (value != spec.defaultValue)
            return value;
    return spec.limits.high;
}

GenerationRequest requestWithPrompt() {
    GenerationRequest request;
    request.prompt = QStringLiteral("camera slowly panning left, clouds drifting");
    return request;
}

}  // namespace

class TestRequestParameters : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void tableFollowsTheEnum() {
        for (std::size_t i = 0; i < kRequestParameterCount; ++i)
            QCOMPARE(std::size_t(kRequestParameters[i].id), i);
        QCOMPARE(&parameterSpec(RequestParameter::DecodeChunkSize),
                 &kRequestParameters[kRequestParameterCount - 1]);
    }

    void defaultLiesWithinLimitsAndUsefulRange_data() { addRowPerParameter(); }
    void defaultLiesWithinLimitsAndUsefulRange() {
        QFETCH(RequestParameter, parameter);
        const auto& spec = parameterSpec(parameter);
        QVERIFY(spec.limits.low <= spec.limits.high);
        QVERIFY(spec.useful.low <= spec.useful.high);
        QVERIFY(spec.limits.contains(spec.defaultValue));
        QVERIFY(spec.useful.contains(spec.defaultValue));
        QVERIFY2(spec.limits.contains(spec.useful.low) && spec.limits.contains(spec.useful.high),
                 "the useful range lies within the limits");
        QVERIFY(spec.multipleOf >= 1);
        if (spec.type != ParameterType::Real) {
            for (const double value : {spec.defaultValue, spec.limits.low, spec.limits.high,
                                       spec.useful.low, spec.useful.high, spec.panel.step})
                QVERIFY2(isWhole(value), qPrintable(QString::number(value)));
            QCOMPARE(spec.panel.decimals, 0);
            QCOMPARE(spec.intDefault() % spec.multipleOf, 0);
            QCOMPARE(spec.intMinimum() % spec.multipleOf, 0);
        }
        QVERIFY(spec.panel.step > 0);
    }

    void requestDefaultsAreTheTables_data() { addRowPerParameter(); }
    void requestDefaultsAreTheTables() {
        QFETCH(RequestParameter, parameter);
        QCOMPARE(parameterValue(GenerationRequest(), parameter),
                 parameterSpec(parameter).defaultValue);
        // A preset starts from the same defaults for what it sets.
        const Preset preset;
        const GenerationRequest fromPreset = applyPreset(preset, GenerationRequest());
        if (parameterSpec(parameter).setByPresets && parameter != RequestParameter::Width &&
            parameter != RequestParameter::Height)
            QCOMPARE(parameterValue(fromPreset, parameter), parameterSpec(parameter).defaultValue);
    }

    void textsAreGiven_data() { addRowPerParameter(); }
    void textsAreGiven() {
        QFETCH(RequestParameter, parameter);
        QVERIFY(!parameterLabel(parameter).isEmpty());
        QVERIFY(parameterHelp(parameter).endsWith(QLatin1Char('.')));
        const QString defaultText = parameterDefaultText(parameter);
        QVERIFY2(defaultText.contains(
                     formatParameterValue(parameter, parameterSpec(parameter).defaultValue)),
                 qPrintable(defaultText));
    }

    void jsonKeysAreUniqueAndTheRequestsOwn() {
        const QJsonObject json = GenerationRequest().toJson();
        QSet<QString> keys;
        for (const auto& spec : kRequestParameters) {
            const QString key = QLatin1String(spec.jsonKey);
            QVERIFY2(!keys.contains(key), qPrintable(key));
            keys.insert(key);
            QVERIFY2(json.contains(key), qPrintable(key));
            QCOMPARE(parameterForJsonKey(key), &spec);
        }
        QCOMPARE(parameterForJsonKey(QStringLiteral("prompt")), nullptr);
    }

    void jsonRoundTrip_data() { addRowPerParameter(); }
    void jsonRoundTrip() {
        QFETCH(RequestParameter, parameter);
        const auto& spec = parameterSpec(parameter);
        const double value = otherValidValue(spec);
        GenerationRequest request;
        setParameterValue(request, parameter, value);
        QCOMPARE(parameterValue(request, parameter), value);
        const QJsonObject json = request.toJson();
        if (spec.type == ParameterType::Seed)
            QCOMPARE(json.value(QLatin1String(spec.jsonKey)).toString().toULongLong(),
                     quint64(value));
        else
            QCOMPARE(json.value(QLatin1String(spec.jsonKey)).toDouble(), value);

        QList<RequestProblem> problems;
        const GenerationRequest read = requestFromJson(json, {}, &problems);
        QVERIFY(problems.isEmpty());
        QCOMPARE(parameterValue(read, parameter), value);
        QCOMPARE(read.toJson(), json);
    }

    void cliNamesAreUnique() {
        QSet<QString> names;
        int flags = 0;
        for (const auto& spec : kRequestParameters) {
            for (const char* name : {spec.cli.flag, spec.cli.alias, spec.cli.shortName}) {
                if (!name)
                    continue;
                QVERIFY2(!names.contains(QLatin1String(name)), name);
                names.insert(QLatin1String(name));
            }
            if (spec.cli.flag) {
                ++flags;
                QVERIFY(spec.cli.valueName);
            } else {
                QVERIFY2(!spec.cli.alias && !spec.cli.shortName, "an alias needs a flag");
            }
        }
        QVERIFY(flags > 0);
        // The flag is the parameter's name; the old one stays as an alias.
        QCOMPARE(QLatin1String(parameterSpec(RequestParameter::Guidance).cli.flag),
                 QLatin1String("guidance"));
        QCOMPARE(QLatin1String(parameterSpec(RequestParameter::Guidance).cli.alias),
                 QLatin1String("cfg"));
    }

    void validationAcceptsTheLimits_data() { addRowPerParameter(); }
    void validationAcceptsTheLimits() {
        QFETCH(RequestParameter, parameter);
        const auto& spec = parameterSpec(parameter);
        for (const double value : {spec.limits.low, spec.limits.high, spec.useful.low}) {
            GenerationRequest request = requestWithPrompt();
            setParameterValue(request, parameter, value);
            const auto problems = validateRequest(request);
            QVERIFY2(problems.isEmpty(),
                     qPrintable(problems.isEmpty() ? QString() : problems.front().message));
        }
    }

    void validationRefusesOnePastTheLimits_data() {
        QTest::addColumn<RequestParameter>("parameter");
        QTest::addColumn<double>("value");
        for (const auto& spec : kRequestParameters) {
            // Every quint64 is a seed: the type is its limit.
            if (spec.type == ParameterType::Seed)
                continue;
            // One step of the multiple past, so that only the limit is wrong.
            const double past = spec.type == ParameterType::Real ? 1 : spec.multipleOf;
            QTest::addRow("%s above", spec.name) << spec.id << spec.limits.high + past;
            QTest::addRow("%s below", spec.name) << spec.id << spec.limits.low - past;
        }
    }

    void validationRefusesOnePastTheLimits() {
        QFETCH(RequestParameter, parameter);
        QFETCH(double, value);
        const auto& spec = parameterSpec(parameter);
        GenerationRequest request = requestWithPrompt();
        setParameterValue(request, parameter, value);
        const auto problems = validateRequest(request);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems.front().field, QLatin1String(spec.jsonKey));
        QVERIFY2(problems.front().message.startsWith(QLatin1String(spec.name)),
                 qPrintable(problems.front().message));
        QVERIFY2(
            problems.front().message.contains(formatParameterValue(parameter, spec.limits.high)),
            qPrintable(problems.front().message));
        const QString use = QStringLiteral("Use %1 (the default)")
                                .arg(formatParameterValue(parameter, spec.defaultValue));
        QVERIFY2(problems.front().remedy.startsWith(use), qPrintable(problems.front().remedy));
        if (spec.useful.low != spec.useful.high && !(spec.useful == spec.limits)) {
            const QString range = QStringLiteral("%1 to %2 is the useful range")
                                      .arg(formatParameterValue(parameter, spec.useful.low),
                                           formatParameterValue(parameter, spec.useful.high));
            QVERIFY2(problems.front().remedy.contains(range), qPrintable(problems.front().remedy));
        }
    }

    void sizesMustBeMultiples() {
        for (const RequestParameter side : {RequestParameter::Width, RequestParameter::Height}) {
            const auto& spec = parameterSpec(side);
            GenerationRequest request = requestWithPrompt();
            setParameterValue(request, side, spec.defaultValue + spec.multipleOf / 2);
            const auto problems = validateRequest(request);
            QCOMPARE(problems.size(), 1);
            QCOMPARE(problems.front().field, QLatin1String(spec.jsonKey));
            QVERIFY(problems.front().message.contains(QString::number(spec.multipleOf)));
        }
    }

    void builtInPresetsAreValid() {
        const auto presets = builtInPresets();
        QVERIFY(!presets.isEmpty());
        for (const auto& preset : presets) {
            GenerationRequest request = applyPreset(preset, requestWithPrompt());
            const auto problems = validateRequest(request);
            QVERIFY2(problems.isEmpty(),
                     qPrintable(preset.id + QStringLiteral(": ") + problems.value(0).message));
        }
    }

    void valuesAreWrittenShort() {
        QCOMPARE(formatParameterValue(RequestParameter::Guidance, 7.5), QStringLiteral("7.5"));
        QCOMPARE(formatParameterValue(RequestParameter::Width, 4096), QStringLiteral("4096"));
        QCOMPARE(formatParameterValue(RequestParameter::Seed, kSeedLimit),
                 QString::number(quint64(kSeedLimit)));
    }
};

QTEST_GUILESS_MAIN(TestRequestParameters)
#include "tst_requestparameters.moc"
