// The settings dialog: model folder (checked on the spot, with what the inspection found), output
// folder, device, CPU threads, default export format, language and automatic downgrades. Edits
// apply to Settings only when the user accepts.
#pragma once

#include <QDialog>
#include <QFutureWatcher>

#include "facade/ModelInspection.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace kinora::ui {

class Settings;

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(Settings& settings, QWidget* parent = nullptr);

    // Whether accepting changed the language (the caller installs it and retranslates).
    bool languageChanged() const { return languageChanged_; }
    bool themeChanged() const { return themeChanged_; }
    // The inspection of the folder in the field, once it has run (empty folder: none).
    const ModelInspection& inspection() const { return inspection_; }

public Q_SLOTS:
    void accept() override;
    // Checks the folder typed or chosen; the result appears under the field.
    void inspectFolder();

Q_SIGNALS:
    void inspectionFinished();

private:
    void chooseModelFolder();
    void chooseOutputFolder();
    void showInspection();

    Settings& settings_;
    QLineEdit* modelFolder_ = nullptr;
    QLabel* modelStatus_ = nullptr;
    QLineEdit* outputFolder_ = nullptr;
    QComboBox* device_ = nullptr;
    QSpinBox* threads_ = nullptr;
    QComboBox* format_ = nullptr;
    QComboBox* language_ = nullptr;
    QComboBox* theme_ = nullptr;
    QCheckBox* autoDowngrade_ = nullptr;
    QSpinBox* previewInterval_ = nullptr;
    QFutureWatcher<ModelInspection> inspector_;
    ModelInspection inspection_;
    bool languageChanged_ = false;
    bool themeChanged_ = false;
};

}  // namespace kinora::ui
