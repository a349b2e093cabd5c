#include "facade/RequestParameters.h"

#include <QCoreApplication>

namespace kinora {

namespace {

// The table's texts are translated where the application installs a translator (the desktop
// app); the CLI installs none, so its --help is English.
class RequestParameters {
    Q_DECLARE_TR_FUNCTIONS(kinora::RequestParameters)
};

QString withUnit(RequestParameter parameter, const QString& number) {
    const QString unit = parameterUnit(parameter);
    return unit.isEmpty() ? number : number + QLatin1Char(' ') + unit;
}

// Whether the useful range says more than the default and the limits do.
bool hasUsefulRange(const RequestParameterSpec& spec) {
    return spec.useful.low != spec.useful.high && !(spec.useful == spec.limits);
}

}  // namespace

const RequestParameterSpec* parameterForJsonKey(const QString& key) {
    for (const auto& spec : kRequestParameters)
        if (key == QLatin1String(spec.jsonKey))
            return &spec;
    return nullptr;
}

QString formatParameterValue(RequestParameter parameter, double value) {
    const auto& spec = parameterSpec(parameter);
    if (spec.type == ParameterType::Seed)
        return QString::number(quint64(value));
    // 'g' with enough digits writes 9 as "9" and 0.5 as "0.5".
    return QString::number(value, 'g', spec.type == ParameterType::Integer ? 12 : 6);
}

QString parameterUnit(RequestParameter parameter) {
    return RequestParameters::tr(parameterSpec(parameter).unit);
}

QString parameterLabel(RequestParameter parameter) {
    return RequestParameters::tr(parameterSpec(parameter).label);
}

QString parameterHelp(RequestParameter parameter) {
    return RequestParameters::tr(parameterSpec(parameter).help);
}

QString parameterDefaultText(RequestParameter parameter) {
    const auto& spec = parameterSpec(parameter);
    const QString value = withUnit(parameter, formatParameterValue(parameter, spec.defaultValue));
    if (!hasUsefulRange(spec))
        return RequestParameters::tr("Default %1.").arg(value);
    return RequestParameters::tr("Default %1; %2 to %3 is the useful range.")
        .arg(value, formatParameterValue(parameter, spec.useful.low),
             withUnit(parameter, formatParameterValue(parameter, spec.useful.high)));
}

QString parameterLimitMessage(RequestParameter parameter, double value) {
    const auto& spec = parameterSpec(parameter);
    return QStringLiteral("%1 %2 is outside %3..%4")
        .arg(QLatin1String(spec.name), formatParameterValue(parameter, value),
             formatParameterValue(parameter, spec.limits.low),
             formatParameterValue(parameter, spec.limits.high));
}

QString parameterRemedy(RequestParameter parameter) {
    const auto& spec = parameterSpec(parameter);
    const QString use = QStringLiteral("Use %1 (the default)")
                            .arg(formatParameterValue(parameter, spec.defaultValue));
    if (!hasUsefulRange(spec))
        return use;
    return QStringLiteral("%1; %2 to %3 is the useful range")
        .arg(use, formatParameterValue(parameter, spec.useful.low),
             formatParameterValue(parameter, spec.useful.high));
}

}  // namespace kinora
