// The Presets menu: the built-in presets, the user's own, and saving, renaming and deleting the
// user's. It chooses nothing itself: picking an entry (or saving one) asks the window to choose
// that preset, which applies it to the parameter panel.
#pragma once

#include <QObject>

#include <functional>
#include <memory>
#include <optional>

#include "facade/GenerationRequest.h"
#include "facade/Presets.h"

class QMenu;
class QWidget;

namespace kinora {
class UserPresets;
}

namespace kinora::ui {

class PresetsMenu : public QObject {
    Q_OBJECT
public:
    // Fills `menu` (which outlives this) with the presets of the user's file at `userPresetsPath`;
    // `currentRequest` gives the settings a new preset saves; dialogs open over `dialogParent`.
    PresetsMenu(QMenu* menu, const QString& userPresetsPath,
                std::function<GenerationRequest()> currentRequest, QWidget* dialogParent);
    ~PresetsMenu() override;

    // Says through failed() why the user's presets could not be read, if they could not.
    void reportLoadProblem();
    // A built-in preset by id, else the user's preset by name.
    std::optional<Preset> find(const QString& id) const;
    // Saves the current settings as the user's preset `name` and chooses it.
    bool saveCurrentAs(const QString& name, QString* error = nullptr);
    // Asks for a name, then saves the current settings under it.
    void promptSave();
    // Builds the entries again (their texts in the current language).
    void rebuild();

Q_SIGNALS:
    void presetChosen(const QString& id);
    void failed(const QString& title, const QString& message, const QString& remedy);

private:
    QStringList userPresetNames() const;
    void promptRename();
    void promptDelete();

    QMenu* menu_ = nullptr;
    std::unique_ptr<UserPresets> userPresets_;
    std::function<GenerationRequest()> currentRequest_;
    QWidget* dialogParent_ = nullptr;
};

}  // namespace kinora::ui
