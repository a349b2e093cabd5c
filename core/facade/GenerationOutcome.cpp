#include "facade/GenerationOutcome.h"

namespace kinora {

QString stageName(GenerationStage stage) {
    switch (stage) {
        case GenerationStage::LoadingModel:
            return QStringLiteral("loading the model");
        case GenerationStage::EncodingPrompt:
            return QStringLiteral("encoding the prompt");
        case GenerationStage::EncodingImage:
            return QStringLiteral("encoding the image");
        case GenerationStage::Denoising:
            return QStringLiteral("denoising");
        case GenerationStage::SavingLatents:
            return QStringLiteral("saving the latents");
        case GenerationStage::Decoding:
            return QStringLiteral("decoding frames");
        case GenerationStage::Encoding:
            return QStringLiteral("writing the video");
    }
    return {};
}

}  // namespace kinora
