// What Kinora remembers between runs: the preferences of the settings dialog, the window's
// geometry and the last-used request. The only class that touches QSettings, so every key, its
// default and its type live in one place. The history database and the user's presets live in
// files beside the settings (see the paths below).
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>

#include "facade/GenerationRequest.h"

class QSettings;

namespace kinora::ui {

class Settings {
public:
    // The user's settings (the platform's place for them) and data folder (AppDataLocation).
    Settings();
    // Everything in `directory`: kinora.ini, history.sqlite, presets.json (tests, portable use).
    explicit Settings(const QString& directory);
    ~Settings();
    Settings(const Settings&) = delete;
    Settings& operator=(const Settings&) = delete;

    QString historyDatabasePath() const;
    QString userPresetsPath() const;

    // Empty when none is set: the app then offers the camera engine and the first-run page.
    QString modelFolder() const;
    void setModelFolder(const QString& folder);
    // Where finished videos go (default: the user's Videos folder, "Kinora" inside it).
    QString outputFolder() const;
    void setOutputFolder(const QString& folder);
    QString device() const;  // auto, cpu, cuda, cuda:N
    void setDevice(const QString& device);
    int threads() const;  // 0: LibTorch's default
    void setThreads(int threads);
    QString exportFormat() const;  // mp4, webm, gif, png
    void setExportFormat(const QString& format);
    // Empty: follow the system's language.
    QString language() const;
    void setLanguage(const QString& language);
    // "auto" (follow the desktop), "light" or "dark".
    QString theme() const;
    void setTheme(const QString& theme);
    // Apply the memory planner's proposed downgrades (fewer frames, lower resolution) without
    // asking.
    bool autoDowngrade() const;
    void setAutoDowngrade(bool allowed);
    // Steps between live previews while sampling (0: none).
    int previewInterval() const;
    void setPreviewInterval(int steps);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindow(const QByteArray& geometry, const QByteArray& state);

    // The panel's last values (prompt, negative prompt, size, steps, ...; not the image).
    GenerationRequest lastRequest() const;
    void setLastRequest(const GenerationRequest& request);
    QString lastPreset() const;
    void setLastPreset(const QString& presetId);
    QString lastImage() const;
    void setLastImage(const QString& path);
    bool seedLocked() const;
    void setSeedLocked(bool locked);
    int candidates() const;
    void setCandidates(int candidates);

    // Makes sure everything set so far is on disk (it also happens on its own, later).
    void sync();

private:
    std::unique_ptr<QSettings> settings_;
    QString dataDirectory_;
};

}  // namespace kinora::ui
