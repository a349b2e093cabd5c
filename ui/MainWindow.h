// Kinora's main window: the input picture (with the crop the video size applies), the prompt editor
// and keyword palette, the parameter panel, Generate and Cancel, the video preview, and docks for
// the queue, the history and the diagnostics; a memory gauge and the job's progress in the status
// bar. Jobs run on the JobQueue's inference thread: the window only sends requests and shows what
// comes back, so it never blocks. The window lays out and connects the parts that hold the
// behaviour: JobSetupPanel (the column where the next job is set up), JobActions (what is done with
// queued and finished jobs), MainMenus and PresetsMenu, PictureInput, JobStatusLine, WelcomePage.
#pragma once

#include <QImage>
#include <QMainWindow>

#include <functional>
#include <memory>
#include <optional>

#include "facade/GenerationOutcome.h"
#include "facade/GenerationRequest.h"

class QDockWidget;
class QLabel;
class QStackedWidget;

namespace kinora {
class JobHistory;
class JobQueue;
class ResourceMonitor;
struct MemorySample;
}  // namespace kinora

namespace kinora::ui {

class DiagnosticsPanel;
class CompareView;
class HistoryPanel;
class ImagePreview;
class JobActions;
class JobSetupPanel;
class JobStatusLine;
class KeywordPalette;
class MainMenus;
class MemoryGauge;
class ParameterPanel;
class PictureInput;
class PresetsMenu;
class PromptEditor;
class QueuePanel;
class Settings;
class VideoPreview;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `settings` outlives the window; without one the window uses the user's own settings.
    explicit MainWindow(Settings* settings = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Shows the picture at `path`. On failure, says why (status bar and a message box that does not
    // block) and keeps what was shown before.
    bool openImage(const QString& path);
    QString imagePath() const { return imagePath_; }
    // Restores the settings and the source picture of a Kinora video or its sidecar (.json).
    bool restoreFrom(const QString& path);

    void setPrompt(const QString& prompt);

    // The request the window would run now (the first candidate's; the seed as shown).
    GenerationRequest currentRequest() const;
    // What runs it: the model when one is set and chosen, else the camera engine.
    Engine currentEngine() const;
    bool isJobRunning() const;
    const JobHistory& history() const;

    // Built-in preset ids, then the user's preset names.
    void choosePreset(const QString& id);
    bool saveCurrentAsPreset(const QString& name, QString* error = nullptr);

    // How closing asks whether to stop a running job (tests answer without a dialog).
    void setCloseConfirmation(std::function<bool()> confirm) { confirmClose_ = std::move(confirm); }

public Q_SLOTS:
    void chooseImage();
    void pasteImage();
    void generate();
    void cancelJob();
    void showSettings();
    // Prompt variants x seeds with the Fast preset (the explore dialog).
    void explore();
    // Runs the matrix of `prompts` x `seeds` on the open picture with `preset` (empty: the
    // panel's settings as they are); the round's candidates open in the compare view once they
    // are all done.
    void exploreMatrix(const QStringList& prompts, const QList<quint64>& seeds,
                       const QString& preset = QStringLiteral("fast"));
    // The candidates of the last explore round, side by side and in sync.
    void compareRound();
    // Queues a refinement of a finished job (see HistoryPanel::refineRequested for the kinds).
    bool refineRecord(qint64 id, const QString& kind, QString* error = nullptr);
    void showHelp();
    void showAbout();

Q_SIGNALS:
    // A job's outcome reached the window (after history and preview were updated).
    void jobFinished(qint64 historyId, const kinora::GenerationOutcome& outcome);

protected:
    void changeEvent(QEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createWidgets();
    void createDocks();
    void createMenus();
    void retranslateUi();
    void updateTitle();
    void applySettings();
    void requestChanged();
    void updatePresetState();
    void setRequestFields(const GenerationRequest& request);
    void applyChanges(const QJsonObject& changes);

    // Queue and jobs.
    void refreshQueue();
    void refreshHistory();
    void onJobStarted(qint64 id);
    void onProgress(qint64 id, const GenerationProgress& progress);
    void onPreview(qint64 id, int step, int totalSteps, const QList<QImage>& frames);
    void onJobFinished(qint64 id, const GenerationOutcome& outcome);
    void setBusy(bool busy);
    // Saves a finished job's settings as a preset (the user names it).
    void presetFromRecord(qint64 id);
    void showMemory(const MemorySample& sample);
    void showFailure(const QString& title, const QString& message, const QString& remedy);

    Settings* settings_ = nullptr;
    std::unique_ptr<Settings> ownedSettings_;
    JobQueue* queue_ = nullptr;  // the jobs, their history and the inference thread
    JobActions* jobs_ = nullptr;
    PictureInput* pictures_ = nullptr;
    ResourceMonitor* monitor_ = nullptr;

    QStackedWidget* workspace_ = nullptr;
    WelcomePage* welcomePage_ = nullptr;
    ImagePreview* preview_ = nullptr;
    JobSetupPanel* setup_ = nullptr;  // holds the prompt editor and the parameter panel
    PromptEditor* promptEditor_ = nullptr;
    KeywordPalette* palette_ = nullptr;
    ParameterPanel* parameters_ = nullptr;
    VideoPreview* video_ = nullptr;
    DiagnosticsPanel* diagnostics_ = nullptr;
    QueuePanel* queuePanel_ = nullptr;
    HistoryPanel* historyPanel_ = nullptr;
    MemoryGauge* gauge_ = nullptr;
    JobStatusLine* jobStatus_ = nullptr;
    QLabel* deviceLabel_ = nullptr;
    QDockWidget* queueDock_ = nullptr;
    QDockWidget* historyDock_ = nullptr;
    QDockWidget* diagnosticsDock_ = nullptr;
    QDockWidget* paletteDock_ = nullptr;
    QDockWidget* compareDock_ = nullptr;
    CompareView* compare_ = nullptr;

    MainMenus* menus_ = nullptr;
    PresetsMenu* presets_ = nullptr;

    QString imagePath_;
    QSize imageSize_;
    QString presetId_;
    std::function<bool()> confirmClose_;
};

}  // namespace kinora::ui
