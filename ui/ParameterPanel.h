// The parameter panel: every generation parameter of a request (size, frames, steps, guidance,
// the two frame rates, seed), how many candidates to make and which engine makes them, with the
// preset they started from and whether they still match it.
#pragma once

#include <QSize>
#include <QString>
#include <QWidget>

#include <optional>

#include "facade/GenerationRequest.h"
#include "facade/GenerationWorker.h"
#include "facade/Presets.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace kinora::ui {

class SeedSpinBox;

// The engine choice is the worker's (kinora::Engine: the diffusion model, or the camera engine
// that warps the photograph and needs no model).
using kinora::Engine;

class ParameterPanel : public QWidget {
    Q_OBJECT
public:
    // Named sizes in the resolution combo (sizeForResolution's names) besides "custom".
    static const QStringList& resolutionNames();
    static constexpr int kMaxCandidates = 9;
    // Width and height move in steps of this (the request parameters' table's step).
    static constexpr int kSizeStep = int(parameterSpec(RequestParameter::Width).panel.step);

    explicit ParameterPanel(QWidget* parent = nullptr);

    // `base` with the panel's size, frames, steps, guidance, frame rates, seed (the one shown:
    // call seedForNextJob() first to draw a fresh one) and the preset it started from.
    GenerationRequest applyTo(GenerationRequest base) const;
    // Shows the request's parameters; the seed is locked, so generating again replays it. The
    // preset is the request's when it names a built-in one or the current one, none otherwise.
    void setFromRequest(const GenerationRequest& request);

    // The input image's size: "NNNp" sizes follow its aspect ratio.
    void setImageSize(QSize imageSize);
    QSize imageSize() const { return imageSize_; }
    // One of resolutionNames() or "custom".
    QString resolution() const;

    int candidates() const;
    void setCandidates(int candidates);
    Engine engine() const;
    // I2VGen-XL is refused while no model is available.
    void setEngine(Engine engine);
    // Without a model only the camera engine can run: the panel switches to it and the engine
    // combo's tooltip says why. When the model becomes available again the panel returns to it
    // if it was switched away only for lack of one.
    void setModelAvailable(bool available);
    bool isModelAvailable() const { return modelAvailable_; }

    quint64 seed() const;
    void setSeed(quint64 seed);
    // Locked: every job uses the seed shown. Unlocked: every job draws a new one.
    bool isSeedLocked() const;
    void setSeedLocked(bool locked);
    // The seed for the job about to start: a new random one (shown in the panel) unless locked.
    quint64 seedForNextJob();

    // Sets the preset's values (its size following the image's aspect for "NNNp"). Any preset:
    // built-in or the user's own.
    void applyPreset(const Preset& preset);
    std::optional<Preset> preset() const { return preset_; }
    // Whether any value differs from the preset's since it was applied.
    bool isPresetModified() const { return modified_; }
    // "Balanced", "Balanced (modified)", or a note that no preset is in use.
    QString presetLabel() const;
    // The values shown as a preset (no id or name), e.g. to save as the user's own.
    Preset currentValues() const;

    // How long the clip plays: frames / output fps.
    double clipSeconds() const;

public Q_SLOTS:
    // Draws a new random seed and shows it.
    void drawSeed();

Q_SIGNALS:
    // After any change of a value, the candidates or the engine, once per change.
    void parametersChanged();
    // The preset or its modified state changed (presetLabel() with it).
    void presetStateChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateCacheItems();
    void retranslate();
    void resolutionChosen();
    void showNamedSize();
    // Updates everything derived from the values, and tells listeners when `notify`.
    void refresh(bool notify);
    void updateEngineState();

    QComboBox* engineCombo_ = nullptr;
    QLabel* presetStateLabel_ = nullptr;
    QComboBox* resolutionCombo_ = nullptr;
    QSpinBox* widthSpin_ = nullptr;
    QSpinBox* heightSpin_ = nullptr;
    QSpinBox* framesSpin_ = nullptr;
    QLabel* clipLengthLabel_ = nullptr;
    QSpinBox* stepsSpin_ = nullptr;
    QDoubleSpinBox* guidanceSpin_ = nullptr;
    QDoubleSpinBox* guidanceUntilSpin_ = nullptr;
    QComboBox* samplerCombo_ = nullptr;
    QComboBox* cacheCombo_ = nullptr;
    QSpinBox* targetFpsSpin_ = nullptr;
    QSpinBox* outputFpsSpin_ = nullptr;
    SeedSpinBox* seedSpin_ = nullptr;
    QToolButton* seedDice_ = nullptr;
    QToolButton* seedLock_ = nullptr;
    QSpinBox* candidatesSpin_ = nullptr;
    QList<QLabel*> fieldLabels_;

    QSize imageSize_;
    std::optional<Preset> preset_;
    bool modified_ = false;
    bool modelAvailable_ = true;
    bool engineForcedByMissingModel_ = false;
    // Set while the panel changes several values itself: one notification at the end.
    bool updating_ = false;
};

}  // namespace kinora::ui
