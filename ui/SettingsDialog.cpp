#include "ui/SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "facade/BuildInfo.h"
#include "ui/Settings.h"
#include "ui/Translation.h"

namespace kinora::ui {

namespace {

QWidget* withBrowseButton(QLineEdit* field, QPushButton* browse, QWidget* parent) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(field, 1);
    layout->addWidget(browse);
    return row;
}

QString languageLabel(const QString& language) {
    const QLocale locale(language);
    return QStringLiteral("%1 (%2)").arg(locale.nativeLanguageName(), language);
}

}  // namespace

SettingsDialog::SettingsDialog(Settings& settings, QWidget* parent)
    : QDialog(parent), settings_(settings) {
    setObjectName(QStringLiteral("settingsDialog"));
    setWindowTitle(tr("Kinora Settings"));
    auto* form = new QFormLayout;

    modelFolder_ = new QLineEdit(settings.modelFolder(), this);
    modelFolder_->setObjectName(QStringLiteral("modelFolderEdit"));
    modelFolder_->setPlaceholderText(tr("Folder of the I2VGen-XL model (diffusers format)"));
    auto* browseModel = new QPushButton(tr("Browse…"), this);
    connect(browseModel, &QPushButton::clicked, this, &SettingsDialog::chooseModelFolder);
    connect(modelFolder_, &QLineEdit::editingFinished, this, &SettingsDialog::inspectFolder);
    form->addRow(tr("Model folder:"), withBrowseButton(modelFolder_, browseModel, this));
    modelStatus_ = new QLabel(this);
    modelStatus_->setObjectName(QStringLiteral("modelStatusLabel"));
    modelStatus_->setWordWrap(true);
    modelStatus_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(QString(), modelStatus_);

    outputFolder_ = new QLineEdit(settings.outputFolder(), this);
    outputFolder_->setObjectName(QStringLiteral("outputFolderEdit"));
    auto* browseOutput = new QPushButton(tr("Browse…"), this);
    connect(browseOutput, &QPushButton::clicked, this, &SettingsDialog::chooseOutputFolder);
    form->addRow(tr("Output folder:"), withBrowseButton(outputFolder_, browseOutput, this));

    device_ = new QComboBox(this);
    device_->setObjectName(QStringLiteral("deviceCombo"));
    device_->addItem(tr("Automatic (a GPU when there is one)"), QStringLiteral("auto"));
    device_->addItem(tr("CPU"), QStringLiteral("cpu"));
    for (int index = 0; index < cudaDeviceCount(); ++index)
        device_->addItem(tr("CUDA GPU %1").arg(index), QStringLiteral("cuda:%1").arg(index));
    const int deviceIndex = device_->findData(settings.device());
    device_->setCurrentIndex(deviceIndex < 0 ? 0 : deviceIndex);
    device_->setToolTip(tr("Devices found: %1").arg(availableDevices()));
    form->addRow(tr("Device:"), device_);

    threads_ = new QSpinBox(this);
    threads_->setObjectName(QStringLiteral("threadsSpin"));
    threads_->setRange(0, qMax(1, QThread::idealThreadCount()));
    threads_->setSpecialValueText(tr("Automatic"));
    threads_->setValue(settings.threads());
    threads_->setToolTip(
        tr("CPU threads for the model; fewer keeps the computer responsive "
           "while a job runs."));
    form->addRow(tr("CPU threads:"), threads_);

    format_ = new QComboBox(this);
    format_->setObjectName(QStringLiteral("formatCombo"));
    format_->addItem(tr("MP4 (H.264)"), QStringLiteral("mp4"));
    format_->addItem(tr("WebM (VP9)"), QStringLiteral("webm"));
    format_->addItem(tr("GIF"), QStringLiteral("gif"));
    format_->addItem(tr("PNG frames"), QStringLiteral("png"));
    format_->setCurrentIndex(qMax(0, format_->findData(settings.exportFormat())));
    form->addRow(tr("Export format:"), format_);

    language_ = new QComboBox(this);
    language_->setObjectName(QStringLiteral("languageCombo"));
    language_->addItem(tr("System language"), QString());
    for (const QString& language : availableLanguages())
        language_->addItem(languageLabel(language), language);
    language_->setCurrentIndex(qMax(0, language_->findData(settings.language())));
    form->addRow(tr("Language:"), language_);

    theme_ = new QComboBox(this);
    theme_->setObjectName(QStringLiteral("themeCombo"));
    theme_->addItem(tr("Follow the system"), QStringLiteral("auto"));
    theme_->addItem(tr("Light"), QStringLiteral("light"));
    theme_->addItem(tr("Dark"), QStringLiteral("dark"));
    theme_->setCurrentIndex(qMax(0, theme_->findData(settings.theme())));
    form->addRow(tr("Appearance:"), theme_);

    previewInterval_ = new QSpinBox(this);
    previewInterval_->setObjectName(QStringLiteral("previewIntervalSpin"));
    previewInterval_->setRange(0, 50);
    previewInterval_->setSpecialValueText(tr("No live preview"));
    previewInterval_->setSuffix(tr(" steps"));
    previewInterval_->setValue(settings.previewInterval());
    previewInterval_->setToolTip(
        tr("How often the preview shows the video as it forms while "
           "sampling. Each preview costs a little time."));
    form->addRow(tr("Live preview every:"), previewInterval_);

    autoDowngrade_ = new QCheckBox(tr("Lower frames or resolution on my behalf when a job would "
                                      "not fit in memory (always said)"),
                                   this);
    autoDowngrade_->setObjectName(QStringLiteral("autoDowngradeCheck"));
    autoDowngrade_->setChecked(settings.autoDowngrade());
    form->addRow(QString(), autoDowngrade_);

    auto* buttons =
        new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, Qt::Horizontal, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(&inspector_, &QFutureWatcher<ModelInspection>::finished, this,
            &SettingsDialog::showInspection);
    inspectFolder();
    resize(680, sizeHint().height());
}

void SettingsDialog::chooseModelFolder() {
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Choose the I2VGen-XL model folder"), modelFolder_->text());
    if (folder.isEmpty())
        return;
    modelFolder_->setText(QDir::toNativeSeparators(folder));
    inspectFolder();
}

void SettingsDialog::chooseOutputFolder() {
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Choose where videos are saved"), outputFolder_->text());
    if (!folder.isEmpty())
        outputFolder_->setText(QDir::toNativeSeparators(folder));
}

void SettingsDialog::inspectFolder() {
    const QString folder = QDir::fromNativeSeparators(modelFolder_->text().trimmed());
    if (folder.isEmpty()) {
        inspection_ = {};
        modelStatus_->setText(
            tr("No model set: Kinora makes camera-motion videos (pan, zoom, tilt, rotate) "
               "without one. Set the folder of ali-vilab/i2vgen-xl to generate with the model."));
        Q_EMIT inspectionFinished();
        return;
    }
    modelStatus_->setText(tr("Checking %1…").arg(QDir::toNativeSeparators(folder)));
    // Reading every weight file's header of a multi-gigabyte folder takes a moment: off the UI
    // thread.
    inspector_.setFuture(QtConcurrent::run([folder] { return inspectModel(folder); }));
}

void SettingsDialog::showInspection() {
    inspection_ = inspector_.result();
    const QString folder = QDir::fromNativeSeparators(modelFolder_->text().trimmed());
    if (inspection_.folder != folder)
        return;  // a newer check is on its way
    if (inspection_.usable()) {
        quint64 parameters = 0;
        quint64 bytes = 0;
        for (const ComponentInfo& component : inspection_.components) {
            parameters += component.parameters;
            bytes += component.bytesOnDisk;
        }
        QString text = tr("✔ %1: %2 components, %3 parameters, %4 on disk.")
                           .arg(inspection_.pipelineClass)
                           .arg(inspection_.components.size())
                           .arg(formatCount(parameters), formatByteSize(bytes));
        if (!inspection_.licence.isEmpty())
            text += QLatin1Char(' ') + tr("Licence: %1").arg(inspection_.licence);
        modelStatus_->setText(text);
    } else {
        QStringList lines;
        for (const InspectionProblem& problem : inspection_.problems)
            lines << tr("✘ %1 — %2").arg(problem.message, problem.remedy);
        modelStatus_->setText(lines.join(QLatin1Char('\n')));
    }
    Q_EMIT inspectionFinished();
}

void SettingsDialog::accept() {
    settings_.setModelFolder(QDir::fromNativeSeparators(modelFolder_->text().trimmed()));
    settings_.setOutputFolder(QDir::fromNativeSeparators(outputFolder_->text().trimmed()));
    settings_.setDevice(device_->currentData().toString());
    settings_.setThreads(threads_->value());
    settings_.setExportFormat(format_->currentData().toString());
    const QString language = language_->currentData().toString();
    languageChanged_ = language != settings_.language();
    settings_.setLanguage(language);
    const QString theme = theme_->currentData().toString();
    themeChanged_ = theme != settings_.theme();
    settings_.setTheme(theme);
    settings_.setAutoDowngrade(autoDowngrade_->isChecked());
    settings_.setPreviewInterval(previewInterval_->value());
    settings_.sync();
    QDialog::accept();
}

}  // namespace kinora::ui
