// The picture a job really runs on. With preprocessing asked for (GenerationRequest::preprocess),
// the picture is preprocessed once, written to a temporary file, and the job runs on that: the
// generation service copies it beside the video as the job's source, so the sidecar records the
// preprocessed picture and a replay does not apply the steps twice. The CLI and the inference
// thread both call this just before a job.
#pragma once

#include <QString>
#include <QStringList>

#include "facade/GenerationRequest.h"

namespace kinora {

class PreparedSource {
public:
    PreparedSource(PreparedSource&& other) noexcept;
    PreparedSource& operator=(PreparedSource&&) = delete;
    PreparedSource(const PreparedSource&) = delete;
    PreparedSource& operator=(const PreparedSource&) = delete;
    // Removes the temporary picture.
    ~PreparedSource();

    // The request to run: its picture the preprocessed one, its preprocessing cleared.
    GenerationRequest request;
    QStringList applied;  // each step that changed the picture: "contrast x1.2", ...
    QString error;        // why the picture could not be prepared; the job must not run
    QString remedy;

    bool ok() const { return error.isEmpty(); }
    // "preprocessed: resize to 768x512 (Lanczos), contrast x1.2" for the job's note; empty when
    // nothing was done.
    QString summary() const;

private:
    friend PreparedSource prepareSource(const GenerationRequest& request);
    PreparedSource() = default;
    QString temporaryPath_;
};

// Without preprocessing the request comes back as it is, and nothing is written.
PreparedSource prepareSource(const GenerationRequest& request);

}  // namespace kinora
