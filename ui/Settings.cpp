#include "ui/Settings.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>

namespace kinora::ui {

namespace {

const QString kModelFolder = QStringLiteral("model/folder");
const QString kOutputFolder = QStringLiteral("output/folder");
const QString kExportFormat = QStringLiteral("output/format");
const QString kDevice = QStringLiteral("compute/device");
const QString kThreads = QStringLiteral("compute/threads");
const QString kAutoDowngrade = QStringLiteral("compute/autoDowngrade");
const QString kPreviewInterval = QStringLiteral("compute/previewInterval");
const QString kLanguage = QStringLiteral("ui/language");
const QString kTheme = QStringLiteral("ui/theme");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kLastRequest = QStringLiteral("last/request");
const QString kLastPreset = QStringLiteral("last/preset");
const QString kLastImage = QStringLiteral("last/image");
const QString kSeedLocked = QStringLiteral("last/seedLocked");
const QString kCandidates = QStringLiteral("last/candidates");

const QStringList kFormats = {QStringLiteral("mp4"), QStringLiteral("webm"), QStringLiteral("gif"),
                              QStringLiteral("png")};

QString defaultOutputFolder() {
    QString videos = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
    if (videos.isEmpty())
        videos = QDir::homePath();
    return QDir(videos).filePath(QStringLiteral("Kinora"));
}

}  // namespace

Settings::Settings()
    : settings_(std::make_unique<QSettings>()),
      dataDirectory_(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)) {}

Settings::Settings(const QString& directory)
    : settings_(std::make_unique<QSettings>(QDir(directory).filePath(QStringLiteral("kinora.ini")),
                                            QSettings::IniFormat)),
      dataDirectory_(directory) {}

Settings::~Settings() = default;

QString Settings::historyDatabasePath() const {
    return QDir(dataDirectory_).filePath(QStringLiteral("history.sqlite"));
}

QString Settings::userPresetsPath() const {
    return QDir(dataDirectory_).filePath(QStringLiteral("presets.json"));
}

QString Settings::modelFolder() const {
    return settings_->value(kModelFolder).toString();
}
void Settings::setModelFolder(const QString& folder) {
    settings_->setValue(kModelFolder, folder);
}

QString Settings::outputFolder() const {
    const QString folder = settings_->value(kOutputFolder).toString();
    return folder.isEmpty() ? defaultOutputFolder() : folder;
}
void Settings::setOutputFolder(const QString& folder) {
    settings_->setValue(kOutputFolder, folder);
}

QString Settings::device() const {
    return settings_->value(kDevice, QStringLiteral("auto")).toString();
}
void Settings::setDevice(const QString& device) {
    settings_->setValue(kDevice, device);
}

int Settings::threads() const {
    return qMax(0, settings_->value(kThreads, 0).toInt());
}
void Settings::setThreads(int threads) {
    settings_->setValue(kThreads, threads);
}

QString Settings::exportFormat() const {
    const QString format = settings_->value(kExportFormat).toString();
    return kFormats.contains(format) ? format : kFormats.front();
}
void Settings::setExportFormat(const QString& format) {
    settings_->setValue(kExportFormat, format);
}

QString Settings::language() const {
    return settings_->value(kLanguage).toString();
}
void Settings::setLanguage(const QString& language) {
    settings_->setValue(kLanguage, language);
}

QString Settings::theme() const {
    const QString theme = settings_->value(kTheme).toString();
    return theme == QLatin1String("light") || theme == QLatin1String("dark")
               ? theme
               : QStringLiteral("auto");
}
void Settings::setTheme(const QString& theme) {
    settings_->setValue(kTheme, theme);
}

bool Settings::autoDowngrade() const {
    return settings_->value(kAutoDowngrade, false).toBool();
}
void Settings::setAutoDowngrade(bool allowed) {
    settings_->setValue(kAutoDowngrade, allowed);
}

int Settings::previewInterval() const {
    return qMax(0, settings_->value(kPreviewInterval, 1).toInt());
}
void Settings::setPreviewInterval(int steps) {
    settings_->setValue(kPreviewInterval, steps);
}

QByteArray Settings::windowGeometry() const {
    return settings_->value(kGeometry).toByteArray();
}
QByteArray Settings::windowState() const {
    return settings_->value(kState).toByteArray();
}
void Settings::setWindow(const QByteArray& geometry, const QByteArray& state) {
    settings_->setValue(kGeometry, geometry);
    settings_->setValue(kState, state);
}

GenerationRequest Settings::lastRequest() const {
    const QJsonObject json =
        QJsonDocument::fromJson(settings_->value(kLastRequest).toByteArray()).object();
    // A stored value that no longer reads (an older version's, edited by hand) gives the defaults
    // rather than a half-read mix.
    QList<RequestProblem> problems;
    const GenerationRequest request = requestFromJson(json, GenerationRequest{}, &problems);
    return problems.isEmpty() ? request : GenerationRequest{};
}
void Settings::setLastRequest(const GenerationRequest& request) {
    QJsonObject json = request.toJson();
    json.remove(QStringLiteral("image"));
    json.remove(QStringLiteral("output"));
    settings_->setValue(kLastRequest, QJsonDocument(json).toJson(QJsonDocument::Compact));
}

QString Settings::lastPreset() const {
    return settings_->value(kLastPreset).toString();
}
void Settings::setLastPreset(const QString& presetId) {
    settings_->setValue(kLastPreset, presetId);
}

QString Settings::lastImage() const {
    return settings_->value(kLastImage).toString();
}
void Settings::setLastImage(const QString& path) {
    settings_->setValue(kLastImage, path);
}

bool Settings::seedLocked() const {
    return settings_->value(kSeedLocked, false).toBool();
}
void Settings::setSeedLocked(bool locked) {
    settings_->setValue(kSeedLocked, locked);
}

int Settings::candidates() const {
    return qBound(1, settings_->value(kCandidates, 1).toInt(), 9);
}
void Settings::setCandidates(int candidates) {
    settings_->setValue(kCandidates, candidates);
}

void Settings::sync() {
    settings_->sync();
}

}  // namespace kinora::ui
