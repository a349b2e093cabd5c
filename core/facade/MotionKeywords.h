// The motion keyword library (resources/motion_keywords.json, compiled in): English phrases
// I2VGen-XL can map to motion, grouped as the users were taught (camera, nature, living things,
// time), each with a Simplified Chinese label. The GUI's palette shows the labels and inserts the
// English; the prompt linter draws its suggestions from it.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "facade/Expected.h"

namespace kinora {

enum class MotionKind { CameraMove, SubjectAction, Speed, Direction, Time };

// "camera_move", "subject_action", "speed", "direction", "time" (the data file's names).
QString motionKindName(MotionKind kind);
std::optional<MotionKind> motionKindFromName(const QString& name);

struct MotionKeyword {
    QString english;             // what goes into the prompt
    QString chinese;             // the palette's label
    QStringList chineseAliases;  // other Chinese wordings of the same motion
    MotionKind kind = MotionKind::SubjectAction;
    QString group;  // the id of its group
};

struct MotionKeywordGroup {
    QString id;  // camera, nature, living, time
    QString english;
    QString chinese;
    QList<MotionKeyword> keywords;
};

class MotionKeywords {
public:
    // The compiled-in library, read once. Empty (and logged) only if the binary lacks it.
    static const MotionKeywords& builtIn();

    // Parses a library in the data file's format; a failure says which entry and what is wrong.
    static Expected<MotionKeywords> fromJson(const QByteArray& json);

    const QList<MotionKeywordGroup>& groups() const { return groups_; }
    QList<MotionKeyword> all() const;
    QList<MotionKeyword> ofKind(MotionKind kind) const;
    // The entry whose English phrase is `english` (case-insensitive).
    std::optional<MotionKeyword> find(const QString& english) const;

private:
    QList<MotionKeywordGroup> groups_;
};

}  // namespace kinora
