#include "ui/JobActions.h"

#include <QDateTime>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QRandomGenerator>
#include <QUrl>

#include <algorithm>

#include "facade/Exploration.h"
#include "facade/JobHistory.h"
#include "facade/JobQueue.h"
#include "facade/PromptLinter.h"
#include "ui/Settings.h"

namespace kinora::ui {

namespace {

quint64 randomSeed() {
    // Seeds stay below 2^53 so that every JSON reader keeps them exact.
    return QRandomGenerator::global()->bounded(quint64(1) << 53);
}

}  // namespace

JobActions::JobActions(JobQueue* queue, Settings* settings, QObject* parent)
    : QObject(parent), queue_(queue), settings_(settings) {}

QString JobActions::outputPathFor(const GenerationRequest& request, const QString& imagePath,
                                  int candidate) const {
    const QString base =
        imagePath.isEmpty() ? QStringLiteral("kinora") : QFileInfo(imagePath).completeBaseName();
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-hhmmss"));
    QString name = QStringLiteral("%1_%2_seed%3").arg(base, stamp).arg(request.seed);
    if (candidate > 0)
        name += QStringLiteral("_c%1").arg(candidate + 1);
    if (request.format != QLatin1String("png"))
        name += QLatin1Char('.') + request.format;
    return QDir(settings_->outputFolder()).filePath(name);
}

std::optional<qint64> JobActions::enqueue(const GenerationRequest& request,
                                          std::optional<qint64> parentId, const QString& origin) {
    const auto id = queue_->enqueue(request, parentId, origin);
    if (!id)
        Q_EMIT failed(tr("Cannot queue the job"), queue_->error(), QString());
    return id;
}

void JobActions::play(qint64 id) {
    const auto record = queue_->history().record(id);
    if (!record || !QFileInfo::exists(record->videoPath)) {
        Q_EMIT failed(tr("Cannot play"), tr("The video of this job is not on disk any more."),
                      tr("Re-run the job to make it again."));
        return;
    }
    Q_EMIT videoChosen(record->videoPath, record->request.outputFps);
}

void JobActions::openFolder(qint64 id) {
    const auto record = queue_->history().record(id);
    const QString path =
        record && !record->videoPath.isEmpty() ? record->videoPath : settings_->outputFolder();
    QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
}

void JobActions::rerun(qint64 id, bool newSeed, const QString& imagePath) {
    const auto record = queue_->history().record(id);
    if (!record)
        return;
    GenerationRequest request = record->request;
    if (newSeed)
        request.seed = randomSeed();
    request.outputPath = outputPathFor(request, imagePath, 0);
    enqueue(request, id, newSeed ? QStringLiteral("new seed") : QStringLiteral("re-run"));
}

void JobActions::remove(qint64 id) {
    if (queue_->runningJob() == id)
        return;
    if (!queue_->removeWithFiles(id))
        Q_EMIT failed(tr("Cannot delete"), queue_->error(), QString());
}

void JobActions::decodeLatents(qint64 id) {
    if (queue_->isBusy()) {
        Q_EMIT statusMessage(tr("A job is running: decode the saved latents when it ends."));
        return;
    }
    DecodeSettings settings;
    settings.device = settings_->device();
    if (!queue_->decodeSavedLatents(id, settings))
        Q_EMIT statusMessage(queue_->error());
}

void JobActions::mark(qint64 id, int mark) {
    queue_->setMark(id, mark > 0 ? JobMark::Starred : mark < 0 ? JobMark::Rejected : JobMark::None);
}

bool JobActions::refine(qint64 id, const QString& kind, QString* error) {
    const auto record = queue_->history().record(id);
    if (!record || record->status != JobStatus::Succeeded) {
        if (error)
            *error = tr("Only a finished job can be refined.");
        return false;
    }
    RefineStep step;
    if (kind == QLatin1String("more-steps")) {
        // The authors' 50 first; beyond it, half as many again.
        const int steps = record->request.steps < 50 ? 50 : record->request.steps * 3 / 2;
        step = RefineStep::moreSteps(steps);
    } else if (kind == QLatin1String("guidance-up")) {
        step = RefineStep::guidanceUp();
    } else if (kind == QLatin1String("guidance-down")) {
        step = RefineStep::guidanceDown();
    } else if (kind == QLatin1String("sharpen-prompt")) {
        QString sharper;
        for (const Finding& finding : lintPrompt(record->request.prompt)) {
            if (!finding.suggestion.isEmpty()) {
                sharper = finding.suggestion;
                break;
            }
        }
        if (sharper.isEmpty()) {
            if (error)
                *error =
                    tr("The prompt checker has no sharper wording for this prompt: edit "
                       "the prompt and run again.");
            return false;
        }
        step = RefineStep::sharpenedPrompt(sharper);
    } else if (kind == QLatin1String("finalise-quality")) {
        step = RefineStep::finalise(QStringLiteral("quality"));
    } else if (kind == QLatin1String("finalise-native")) {
        step = RefineStep::finalise(QStringLiteral("native"));
    } else {
        return false;
    }
    const auto refinement = refinedRequest(record->request, record->sidecarPath, step,
                                           QImage(record->request.imagePath).size());
    if (!refinement) {
        if (error)
            *error = refinement.error().message;
        return false;
    }
    GenerationRequest refined = refinement->request;
    refined.engine = record->request.engine;
    enqueue(refined, id, refined.origin);
    QString message = refinement->note;
    if (refinement->sizeChanged || refinement->framesChanged)
        message += QLatin1Char(' ') + tr("The composition will differ from its parent's: the "
                                         "size or frame count changes the shape of the noise.");
    Q_EMIT statusMessage(message);
    return true;
}

void JobActions::exploreMatrix(const GenerationRequest& current, Engine engine,
                               const QStringList& prompts, const QList<quint64>& seeds,
                               const QString& preset) {
    ExplorationOptions options;
    options.outputFolder = settings_->outputFolder();
    options.preset = preset;
    QDir().mkpath(options.outputFolder);
    const QList<ExplorationCandidate> candidates =
        explorationMatrix(current, prompts, seeds, options);
    exploreRound_.clear();
    for (const ExplorationCandidate& candidate : candidates) {
        GenerationRequest request = candidate.request;
        request.engine = engine;
        const auto id = enqueue(request, std::nullopt, request.origin);
        if (!id)
            break;
        exploreRound_ << *id;
    }
    Q_EMIT statusMessage(tr("Exploring %1 prompts × %2 seeds: %3 candidates queued.")
                             .arg(prompts.size())
                             .arg(seeds.size())
                             .arg(exploreRound_.size()));
}

bool JobActions::endsRound(qint64 id) const {
    if (!exploreRound_.contains(id))
        return false;
    return std::all_of(exploreRound_.begin(), exploreRound_.end(), [this](qint64 member) {
        const auto record = queue_->history().record(member);
        return !record ||
               (record->status != JobStatus::Queued && record->status != JobStatus::Running);
    });
}

QList<CompareView::Candidate> JobActions::roundCandidates() const {
    QList<CompareView::Candidate> candidates;
    for (const qint64 id : std::as_const(exploreRound_)) {
        const auto record = queue_->history().record(id);
        if (!record || record->status != JobStatus::Succeeded)
            continue;
        CompareView::Candidate candidate;
        candidate.id = id;
        candidate.videoPath = record->videoPath;
        candidate.label = record->origin.isEmpty()
                              ? tr("#%1 · seed %2").arg(id).arg(record->request.seed)
                              : tr("#%1 · %2").arg(id).arg(record->origin);
        candidate.frameRate = record->request.outputFps;
        candidate.mark = record->mark == JobMark::Starred    ? 1
                         : record->mark == JobMark::Rejected ? -1
                                                             : 0;
        candidates << candidate;
    }
    return candidates;
}

}  // namespace kinora::ui
