#include "ui/PresetsMenu.h"

#include <QInputDialog>
#include <QMenu>

#include "facade/UserPresets.h"
#include "ui/FacadeText.h"

namespace kinora::ui {

PresetsMenu::PresetsMenu(QMenu* menu, const QString& userPresetsPath,
                         std::function<GenerationRequest()> currentRequest, QWidget* dialogParent)
    : QObject(menu),
      menu_(menu),
      userPresets_(std::make_unique<UserPresets>(userPresetsPath)),
      currentRequest_(std::move(currentRequest)),
      dialogParent_(dialogParent) {}

PresetsMenu::~PresetsMenu() = default;

void PresetsMenu::reportLoadProblem() {
    const UserPresetStatus& status = userPresets_->loadStatus();
    if (!status.ok())
        Q_EMIT failed(tr("Your presets"), status.message, status.remedy);
}

std::optional<Preset> PresetsMenu::find(const QString& id) const {
    std::optional<Preset> preset = findPreset(id);
    return preset ? preset : userPresets_->find(id);
}

void PresetsMenu::rebuild() {
    menu_->clear();
    for (const Preset& preset : builtInPresets()) {
        QAction* entry = menu_->addAction(presetName(preset), this,
                                          [this, id = preset.id] { Q_EMIT presetChosen(id); });
        entry->setObjectName(QStringLiteral("preset_") + preset.id);
        entry->setToolTip(presetReason(preset));
        entry->setStatusTip(presetReason(preset));
    }
    if (!userPresets_->presets().isEmpty())
        menu_->addSection(tr("Your presets"));
    for (const Preset& preset : userPresets_->presets()) {
        QAction* entry = menu_->addAction(preset.name, this,
                                          [this, id = preset.id] { Q_EMIT presetChosen(id); });
        entry->setObjectName(QStringLiteral("userPreset_") + preset.id);
    }
    menu_->addSeparator();
    QAction* save =
        menu_->addAction(tr("Save current settings as preset…"), this, &PresetsMenu::promptSave);
    save->setObjectName(QStringLiteral("savePresetAction"));
    QAction* rename = menu_->addAction(tr("Rename preset…"), this, &PresetsMenu::promptRename);
    QAction* remove = menu_->addAction(tr("Delete preset…"), this, &PresetsMenu::promptDelete);
    rename->setEnabled(!userPresets_->presets().isEmpty());
    remove->setEnabled(!userPresets_->presets().isEmpty());
}

bool PresetsMenu::saveCurrentAs(const QString& name, QString* error) {
    const GenerationRequest request = currentRequest_();
    Preset values;
    values.size = QSize(request.width, request.height);
    values.frames = request.frames;
    values.steps = request.steps;
    values.guidance = request.guidance;
    values.targetFps = request.targetFps;
    values.outputFps = request.outputFps;
    const UserPresetStatus status = userPresets_->saveAs(name, values);
    if (!status.ok()) {
        if (error)
            *error = status.message + QLatin1Char(' ') + status.remedy;
        return false;
    }
    rebuild();
    Q_EMIT presetChosen(name.trimmed());
    return true;
}

void PresetsMenu::promptSave() {
    bool ok = false;
    const QString name = QInputDialog::getText(dialogParent_, tr("Save preset"), tr("Preset name:"),
                                               QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    QString error;
    if (!saveCurrentAs(name, &error))
        Q_EMIT failed(tr("Cannot save the preset"), error, QString());
}

QStringList PresetsMenu::userPresetNames() const {
    QStringList names;
    for (const Preset& preset : userPresets_->presets())
        names << preset.name;
    return names;
}

void PresetsMenu::promptRename() {
    bool ok = false;
    const QString name = QInputDialog::getItem(dialogParent_, tr("Rename preset"), tr("Preset:"),
                                               userPresetNames(), 0, false, &ok);
    if (!ok)
        return;
    const QString newName = QInputDialog::getText(dialogParent_, tr("Rename preset"),
                                                  tr("New name:"), QLineEdit::Normal, name, &ok);
    if (!ok)
        return;
    const UserPresetStatus status = userPresets_->rename(name, newName);
    if (!status.ok())
        Q_EMIT failed(tr("Cannot rename the preset"), status.message, status.remedy);
    rebuild();
}

void PresetsMenu::promptDelete() {
    bool ok = false;
    const QString name = QInputDialog::getItem(dialogParent_, tr("Delete preset"), tr("Preset:"),
                                               userPresetNames(), 0, false, &ok);
    if (!ok)
        return;
    const UserPresetStatus status = userPresets_->remove(name);
    if (!status.ok())
        Q_EMIT failed(tr("Cannot delete the preset"), status.message, status.remedy);
    rebuild();
}

}  // namespace kinora::ui
