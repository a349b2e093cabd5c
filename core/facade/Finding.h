// A diagnostic finding before a run: the prompt linter's and the parameter advisor's share this
// shape, so a diagnostics panel or `kinora-cli doctor` lists them together.
#pragma once

#include <QJsonObject>
#include <QString>

namespace kinora {

// Error: the run would be wasted; Warning: it will likely disappoint; Info: worth knowing.
enum class Severity { Info, Warning, Error };

inline QString severityName(Severity severity) {
    switch (severity) {
        case Severity::Info:
            return QStringLiteral("info");
        case Severity::Warning:
            return QStringLiteral("warning");
        case Severity::Error:
            return QStringLiteral("error");
    }
    return {};
}

struct Finding {
    QString rule;  // a stable id ("vague-motion", "low-steps-high-guidance"...)
    Severity severity = Severity::Warning;
    // Prompt findings: the offending span of the prompt in UTF-16 code units (QString indices);
    // start is -1 for findings about something else.
    int start = -1;
    int length = 0;
    QString field;    // parameter findings: the request field, as GenerationRequest's JSON names it
    QString message;  // what is wrong and why it matters to the video
    // Prompt findings: the whole prompt rewritten to fix this (empty when no rewrite can be
    // offered). Parameter findings: the fix in words.
    QString suggestion;
    // Parameter findings: request fields that apply the fix, in GenerationRequest's JSON form
    // (requestFromJson(changes, request, ...) applies it). Empty when there is nothing to set.
    QJsonObject changes;

    bool hasSpan() const { return start >= 0; }
};

}  // namespace kinora
