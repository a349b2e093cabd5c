#include "ui/FacadeText.h"

#include <QCoreApplication>
#include <QStringList>

namespace kinora::ui {

namespace {

class FacadeText {
    Q_DECLARE_TR_FUNCTIONS(kinora::ui::FacadeText)
};

// The built-in presets' texts as resources/presets.json has them, so lupdate can extract them.
// A preset the file adds later shows its English text until it gets a row here (a test compares
// this table with the file).
struct BuiltInPresetText {
    const char* id;
    const char* name;
    const char* reason;
};

constexpr BuiltInPresetText kBuiltInPresetTexts[] = {
    {"fast", QT_TRANSLATE_NOOP("kinora::ui::FacadeText", "Fast check"),
     QT_TRANSLATE_NOOP("kinora::ui::FacadeText",
                       "Round 1 of the workflow that works: does the prompt trigger the intended "
                       "motion at all? DPM++ 2M with 15 steps in draft mode (deep features every "
                       "2nd step) measured 5.7x faster than 50 DDIM steps and 8% from their "
                       "result, closer to it than 12 DDIM steps, in less time. 512p is off the "
                       "trained 1280x704 size. Use it to judge motion, not quality, and render the "
                       "final clip without the draft cache.")},
    {"balanced", QT_TRANSLATE_NOOP("kinora::ui::FacadeText", "Balanced"),
     QT_TRANSLATE_NOOP("kinora::ui::FacadeText",
                       "The balance users were given (512p, 16 frames, guidance 9, 8 fps) with 25 "
                       "DDIM steps instead of 50: measured 4% from the 50-step result at half the "
                       "work, the closest of all samplers at that cost. The size is still off the "
                       "trained distribution.")},
    {"quality", QT_TRANSLATE_NOOP("kinora::ui::FacadeText", "Quality"),
     QT_TRANSLATE_NOOP("kinora::ui::FacadeText",
                       "Round 3 of the workflow: a larger size and the model authors' 50 DDIM "
                       "steps for the final render of settings you already tuned (no measurement "
                       "showed more steps changing the result). Slower and needs more memory.")},
    {"native", QT_TRANSLATE_NOOP("kinora::ui::FacadeText", "Native (1280x704)"),
     QT_TRANSLATE_NOOP("kinora::ui::FacadeText",
                       "Exactly what I2VGen-XL was trained on: 1280x704, 16 frames, 50 DDIM steps, "
                       "guidance 9, target fps 16. The best quality the model gives, and the most "
                       "memory and time.")},
};

const BuiltInPresetText* builtInText(const Preset& preset) {
    // A user preset cannot take a built-in preset's id (UserPresets refuses the name).
    if (!findPreset(preset.id))
        return nullptr;
    for (const auto& text : kBuiltInPresetTexts)
        if (preset.id == QLatin1String(text.id))
            return &text;
    return nullptr;
}

QString moveName(CameraMoveKind kind, CameraDirection direction) {
    using D = CameraDirection;
    switch (kind) {
        case CameraMoveKind::Pan:
            if (direction == D::Left)
                return FacadeText::tr("pan left");
            if (direction == D::Right)
                return FacadeText::tr("pan right");
            break;
        case CameraMoveKind::Tilt:
            if (direction == D::Up)
                return FacadeText::tr("tilt up");
            if (direction == D::Down)
                return FacadeText::tr("tilt down");
            break;
        case CameraMoveKind::Zoom:
            if (direction == D::In)
                return FacadeText::tr("zoom in");
            if (direction == D::Out)
                return FacadeText::tr("zoom out");
            break;
        case CameraMoveKind::Rotate:
            if (direction == D::Clockwise)
                return FacadeText::tr("rotate clockwise");
            if (direction == D::CounterClockwise)
                return FacadeText::tr("rotate counter-clockwise");
            break;
        case CameraMoveKind::Dolly:
            if (direction == D::In)
                return FacadeText::tr("dolly in");
            if (direction == D::Out)
                return FacadeText::tr("dolly out");
            break;
    }
    // A direction the kind does not take (the prompt parser never makes one): the facade's words.
    return cameraMoveKindName(kind) + QLatin1Char(' ') + cameraDirectionName(direction);
}

QString speedName(CameraSpeed speed) {
    switch (speed) {
        case CameraSpeed::Slow:
            return FacadeText::tr("slow");
        case CameraSpeed::Medium:
            return FacadeText::tr("medium");
        case CameraSpeed::Fast:
            return FacadeText::tr("fast");
    }
    return cameraSpeedName(speed);
}

}  // namespace

QString cameraMoveText(const CameraMove& move) {
    return FacadeText::tr("%1, %2", "camera move, its speed")
        .arg(moveName(move.kind, move.direction), speedName(move.speed));
}

QString cameraPathText(const CameraPath& path) {
    if (path.isStatic)
        return FacadeText::tr("static camera (no move)");
    if (path.isDefault && !path.moves.isEmpty())
        return FacadeText::tr("%1 (default: the prompt names no camera move)")
            .arg(cameraMoveText(path.moves.first()));
    QString text;
    for (const CameraMove& move : path.moves)
        text =
            text.isEmpty()
                ? cameraMoveText(move)
                : FacadeText::tr("%1; %2", "camera moves in order").arg(text, cameraMoveText(move));
    return text;
}

QString presetName(const Preset& preset) {
    const BuiltInPresetText* text = builtInText(preset);
    return text ? FacadeText::tr(text->name) : preset.name;
}

QString presetReason(const Preset& preset) {
    const BuiltInPresetText* text = builtInText(preset);
    return text ? FacadeText::tr(text->reason) : preset.reason;
}

QString memorySettingsText(const model::ExecutionPlan& settings) {
    QStringList parts;
    parts
        << (settings.attentionQueryChunk > 0
                ? FacadeText::tr("attention %1 queries at a time").arg(settings.attentionQueryChunk)
                : FacadeText::tr("attention whole"));
    if (settings.feedForwardChunk > 0)
        parts << FacadeText::tr("feed-forward %1 tokens at a time").arg(settings.feedForwardChunk);
    parts << (settings.releaseEncoders ? FacadeText::tr("encoders released after use")
                                       : FacadeText::tr("encoders kept"));
    if (settings.offload)
        parts << FacadeText::tr("model offload");
    parts << (settings.decodeChunkFrames == 1
                  ? FacadeText::tr("decode 1 frame at a time")
                  : FacadeText::tr("decode %1 frames at a time").arg(settings.decodeChunkFrames));
    if (settings.decodeTiled)
        parts << FacadeText::tr("tiled decode (%1 latent pixels, overlap %2)")
                     .arg(settings.tileLatentSize)
                     .arg(settings.tileOverlap);
    return parts.join(FacadeText::tr(", ", "between parts of a memory plan"));
}

}  // namespace kinora::ui
