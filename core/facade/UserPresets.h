// The user's own generation presets: saved from the parameter panel, listed next to the built-in
// ones, renamed and deleted. They live in one JSON file in the built-in presets' format, written
// atomically; a file that cannot be read is kept aside, never silently overwritten.
#pragma once

#include <QList>
#include <QString>

#include <optional>

#include "facade/Presets.h"

namespace kinora {

struct UserPresetStatus {
    enum class Code {
        Ok,
        EmptyName,     // the name is empty or only spaces
        InvalidName,   // the name holds control characters or is too long
        ReservedName,  // the name is a built-in preset's id or name
        DuplicateName,
        NotFound,       // no user preset has that name
        InvalidValues,  // the preset's values would not make a valid request
        CorruptFile,    // the file was not (wholly) readable; it was kept aside
        WriteFailed,
    };
    Code code = Code::Ok;
    QString message;  // English, names the file or the preset; empty when ok
    QString remedy;

    bool ok() const { return code == Code::Ok; }
};

class UserPresets {
public:
    // AppDataLocation/presets.json.
    static QString defaultPath();
    // Longest name accepted: a name is shown in a menu.
    static constexpr int kMaxNameLength = 64;

    // Reads `path` now (see loadStatus()). A missing file is an empty list.
    explicit UserPresets(QString path = defaultPath());

    const QString& path() const { return path_; }
    // What reading the file found. On CorruptFile the readable presets (maybe none) are loaded and
    // the file was moved (or, when some entries were readable, copied) to the file named in the
    // message, e.g. "presets.json.bad", so the next save does not lose what it held.
    const UserPresetStatus& loadStatus() const { return loadStatus_; }

    // In the order they were saved. A user preset's id is its name.
    const QList<Preset>& presets() const { return presets_; }
    std::optional<Preset> find(const QString& name) const;

    // Why `name` cannot name a new preset (or preset `renaming` under a new name); Ok when it can.
    // Names are trimmed; comparisons ignore case.
    UserPresetStatus checkName(const QString& name, const QString& renaming = {}) const;

    // Saves `values` (size or resolution, frames, steps, guidance, fps, reason) under `name` and
    // writes the file. Nothing changes on failure.
    UserPresetStatus saveAs(const QString& name, const Preset& values);
    UserPresetStatus rename(const QString& name, const QString& newName);
    UserPresetStatus remove(const QString& name);

private:
    UserPresetStatus write(const QList<Preset>& presets);

    QString path_;
    QList<Preset> presets_;
    UserPresetStatus loadStatus_;
};

}  // namespace kinora
