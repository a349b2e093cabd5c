// What the window does with jobs once they are queued or done: re-run, delete, decode saved
// latents, mark, refine, play, and the explore round (a matrix of prompts x seeds and the
// comparison of its candidates). It sends the JobQueue commands and says what the window should
// show through signals; it shows nothing itself.
#pragma once

#include <QList>
#include <QObject>
#include <QStringList>

#include <optional>

#include "facade/GenerationRequest.h"
#include "ui/CompareView.h"

namespace kinora {
class JobQueue;
}

namespace kinora::ui {

class Settings;

class JobActions : public QObject {
    Q_OBJECT
public:
    // `queue` and `settings` outlive this.
    JobActions(JobQueue* queue, Settings* settings, QObject* parent = nullptr);

    // Where a job's video goes: the output folder, named after the picture open in the window
    // (`imagePath`), the time and the seed, and the candidate from the second on.
    QString outputPathFor(const GenerationRequest& request, const QString& imagePath,
                          int candidate) const;
    std::optional<qint64> enqueue(const GenerationRequest& request,
                                  std::optional<qint64> parentId = {}, const QString& origin = {});

    void play(qint64 id);
    void openFolder(qint64 id);
    // Queues the job again (with a random seed when `newSeed`); see outputPathFor().
    void rerun(qint64 id, bool newSeed, const QString& imagePath);
    void remove(qint64 id);
    void decodeLatents(qint64 id);
    // `mark`: above 0 starred, below 0 rejected, 0 none.
    void mark(qint64 id, int mark);
    // Queues a refinement of a finished job (see HistoryPanel::refineRequested for the kinds).
    bool refine(qint64 id, const QString& kind, QString* error = nullptr);

    // Queues `prompts` x `seeds` on `current` with `preset` and `engine` as the new explore round.
    void exploreMatrix(const GenerationRequest& current, Engine engine, const QStringList& prompts,
                       const QList<quint64>& seeds, const QString& preset);
    // Whether job `id` belongs to the explore round and no job of the round waits or runs.
    bool endsRound(qint64 id) const;
    // The round's finished candidates, as the compare view shows them.
    QList<CompareView::Candidate> roundCandidates() const;

Q_SIGNALS:
    void videoChosen(const QString& path, double framesPerSecond);
    void statusMessage(const QString& message);
    void failed(const QString& title, const QString& message, const QString& remedy);

private:
    JobQueue* queue_ = nullptr;
    Settings* settings_ = nullptr;
    QList<qint64> exploreRound_;  // history ids of the last explore round
};

}  // namespace kinora::ui
