// A generation request: everything that determines a video, as a plain value. It is what the CLI
// builds from flags, the GUI from its panel, a batch line from JSON, and what every output's
// sidecar records so the run can be replayed exactly.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QSize>
#include <QString>

#include <optional>

#include <variant>
#include "facade/Expected.h"

#include "facade/RequestParameters.h"

namespace kinora {

// The negative prompt the I2VGen-XL authors use.
QString defaultNegativePrompt();

// Optional preprocessing of the input picture, off by default and chosen per job: what users were
// told to do by hand (Lanczos to the working size, contrast x1.2, sharpness x1.1) and an exposure
// correction for under- or overexposed pictures. The preprocessed picture becomes the job's source
// (and what its sidecar records), so a replay does not apply it twice.
struct PreprocessSettings {
    bool resize = false;
    bool contrast = false;
    bool sharpness = false;
    bool exposure = false;

    bool any() const { return resize || contrast || sharpness || exposure; }
    // The users' "improve the picture first" switch: resize, contrast and sharpness.
    static PreprocessSettings advised() { return {true, true, true, false}; }
};

// What renders a job: the I2VGen-XL diffusion model, or the model-free camera engine.
enum class Engine { I2VGenXL, Camera };

QString engineName(Engine engine);  // "i2vgen-xl", "camera" (the CLI's --engine values)
// The engine a name stands for; empty for an unknown name.
std::optional<Engine> engineFromName(const QString& name);

struct GenerationRequest {
    Engine engine = Engine::I2VGenXL;
    QString modelFolder;
    QString imagePath;
    QString prompt;
    QString negativePrompt = defaultNegativePrompt();
    int width = parameterSpec(RequestParameter::Width).intDefault();
    int height = parameterSpec(RequestParameter::Height).intDefault();
    int frames = parameterSpec(RequestParameter::Frames).intDefault();
    int steps = parameterSpec(RequestParameter::Steps).intDefault();
    double guidance = parameterSpec(RequestParameter::Guidance).defaultValue;
    double guidanceUntil = parameterSpec(RequestParameter::GuidanceUntil).defaultValue;
    // The denoising sampler by its catalogue name (model/schedulers/SamplerCatalog.h): "ddim",
    // "dpmpp-2m", ... A record without one (made before samplers) is DDIM.
    QString sampler = QStringLiteral("ddim");
    // Draft mode: "off", or "deep:N" to compute the UNet's deeper levels every N steps and reuse
    // them in between (DeepCache). A draft is for judging motion; render the final clip without.
    QString cache = QStringLiteral("off");
    // A conditioning input of the UNet, not the playback rate.
    int targetFps = parameterSpec(RequestParameter::TargetFps).intDefault();
    // Playback rate of the written video.
    int outputFps = parameterSpec(RequestParameter::OutputFps).intDefault();
    // Drives the initial latents (and the VAE sample unless vaeSeed is set).
    quint64 seed = quint64(parameterSpec(RequestParameter::Seed).defaultValue);
    std::optional<quint64> vaeSeed;  // the reference's separate global-generator seed
    double eta = parameterSpec(RequestParameter::Eta).defaultValue;
    int decodeChunkSize = parameterSpec(RequestParameter::DecodeChunkSize).intDefault();
    QString device = QStringLiteral("auto");  // auto, cpu, cuda, cuda:N
    QString dtype = QStringLiteral("auto");   // auto, fp32, fp16, bf16
    QString format = QStringLiteral("mp4");   // mp4, webm, gif, png
    QString outputPath;
    QString preset;  // the preset it started from, for the record
    PreprocessSettings preprocess;
    // Lineage, for the record: the sidecar of the run this one was made from, and how it was made
    // ("explore p2 s7", "refine: steps 50", "finalise: quality"). Both empty for a fresh run.
    QString parent;
    QString origin;

    QJsonObject toJson() const;
};

// The interval of a cache setting: 0 for "off", N for "deep:N" (N >= 2); empty when malformed.
std::optional<int> deepCacheInterval(const QString& cache);
// Whether the request is a draft (made with the deep feature cache).
bool isDraft(const GenerationRequest& request);

// The request's member that holds `parameter`, so code can read and write every parameter of the
// table in one loop.
using ParameterMember = std::variant<int GenerationRequest::*, double GenerationRequest::*,
                                     quint64 GenerationRequest::*>;
ParameterMember parameterMember(RequestParameter parameter);
// The value as a double (a seed above 2^53 loses its last bits: read request.seed for it).
double parameterValue(const GenerationRequest& request, RequestParameter parameter);
// Integer parameters take `value` truncated.
void setParameterValue(GenerationRequest& request, RequestParameter parameter, double value);

struct RequestProblem {
    QString field;
    QString message;
    QString remedy;
};

// Fields missing from `json` keep the values of `base` (e.g. a preset's).
GenerationRequest requestFromJson(const QJsonObject& json, const GenerationRequest& base,
                                  QList<RequestProblem>* problems);

// A request as a record holds it: the "request" object of a sidecar (the JSON beside a video) or
// the compact request JSON in a video's metadata. Records are untrusted input.
struct RecordedRequest {
    GenerationRequest request;
    // The file name of the source image copied beside the video: a plain name (never a path), or
    // empty when the record names none or names one outside its folder.
    QString sourceImageName;
};

// `source` names the record in messages. Fails when it is not JSON, holds no request or a bad
// field.
Expected<RecordedRequest> requestFromSidecar(const QByteArray& sidecarJson, const QString& source);
Expected<RecordedRequest> requestFromMetadata(const QByteArray& requestJson, const QString& source);

// Every problem that would make the request fail or run absurdly, each with a remedy. Checks the
// values only (not whether files exist: that is the pipeline's job, with the file's own error).
QList<RequestProblem> validateRequest(const GenerationRequest& request);

// "512p", "768p", "1024p" (the short side, rounded to a multiple of 64) keeping the image's aspect
// ratio (landscape 16:9 when no image size is known), both sides multiples of 64; "native" is the
// trained 1280x704. Empty for an unknown resolution name.
std::optional<QSize> sizeForResolution(const QString& resolution, QSize imageSize = {});

}  // namespace kinora

Q_DECLARE_METATYPE(kinora::GenerationRequest)
