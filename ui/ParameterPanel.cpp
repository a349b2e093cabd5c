#include "ui/ParameterPanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QStyle>
#include <QToolButton>

#include <algorithm>
#include <cmath>

#include "facade/RequestParameters.h"
#include "model/schedulers/SamplerCatalog.h"
#include "ui/FacadeText.h"
#include "ui/SeedSpinBox.h"

namespace kinora::ui {

namespace {

const QString kCustom = QStringLiteral("custom");
const QString kNative = QStringLiteral("native");
// Drawn seeds stay below 2^32: short enough to read out and type back.
constexpr quint64 kDrawnSeedLimit = quint64(1) << 32;

// Width and height in steps of 64: typed values snap to the nearest multiple when committed.
class SizeSpinBox : public QSpinBox {
public:
    SizeSpinBox(QWidget* parent, RequestParameter side) : QSpinBox(parent) {
        const auto& spec = parameterSpec(side);
        setRange(spec.intMinimum(), spec.intMaximum());
        setSingleStep(int(spec.panel.step));
    }

    QValidator::State validate(QString& input, int& position) const override {
        const QValidator::State state = QSpinBox::validate(input, position);
        if (state == QValidator::Acceptable && valueFromText(input) % singleStep() != 0)
            return QValidator::Intermediate;
        return state;
    }

    void fixup(QString& input) const override {
        bool ok = false;
        const int typed = locale().toInt(input.trimmed(), &ok);
        if (!ok)
            return;
        const int snapped = int(std::lround(double(typed) / singleStep())) * singleStep();
        input = textFromValue(std::clamp(snapped, minimum(), maximum()));
    }
};

QSpinBox* spinBox(QWidget* parent, const char* name, int minimum, int maximum) {
    auto* spin = new QSpinBox(parent);
    spin->setObjectName(QLatin1String(name));
    spin->setRange(minimum, maximum);
    return spin;
}

// A spin box with the table's limits and step for `parameter`.
QSpinBox* spinBox(QWidget* parent, const char* name, RequestParameter parameter) {
    const auto& spec = parameterSpec(parameter);
    QSpinBox* spin = spinBox(parent, name, spec.intMinimum(), spec.intMaximum());
    spin->setSingleStep(int(spec.panel.step));
    return spin;
}

// The parameter's help with its default and useful range.
QString parameterToolTip(RequestParameter parameter) {
    return parameterHelp(parameter) + QLatin1Char(' ') + parameterDefaultText(parameter);
}

QString engineId(Engine engine) {
    return engine == Engine::I2VGenXL ? QStringLiteral("i2vgen-xl") : QStringLiteral("camera");
}

}  // namespace

const QStringList& ParameterPanel::resolutionNames() {
    static const QStringList names{QStringLiteral("512p"), QStringLiteral("768p"),
                                   QStringLiteral("1024p"), kNative};
    return names;
}

ParameterPanel::ParameterPanel(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("parameterPanel"));

    engineCombo_ = new QComboBox(this);
    engineCombo_->setObjectName(QStringLiteral("engineCombo"));
    engineCombo_->addItem(QStringLiteral("I2VGen-XL"), engineId(Engine::I2VGenXL));
    engineCombo_->addItem(QString(), engineId(Engine::Camera));

    presetStateLabel_ = new QLabel(this);
    presetStateLabel_->setObjectName(QStringLiteral("presetStateLabel"));

    resolutionCombo_ = new QComboBox(this);
    resolutionCombo_->setObjectName(QStringLiteral("resolutionCombo"));
    for (const QString& name : resolutionNames())
        resolutionCombo_->addItem(QString(), name);
    resolutionCombo_->addItem(QString(), kCustom);
    widthSpin_ = new SizeSpinBox(this, RequestParameter::Width);
    widthSpin_->setObjectName(QStringLiteral("widthSpin"));
    heightSpin_ = new SizeSpinBox(this, RequestParameter::Height);
    heightSpin_->setObjectName(QStringLiteral("heightSpin"));

    framesSpin_ = spinBox(this, "framesSpin", RequestParameter::Frames);
    clipLengthLabel_ = new QLabel(this);
    clipLengthLabel_->setObjectName(QStringLiteral("clipLengthLabel"));
    stepsSpin_ = spinBox(this, "stepsSpin", RequestParameter::Steps);
    const auto& guidance = parameterSpec(RequestParameter::Guidance);
    guidanceSpin_ = new QDoubleSpinBox(this);
    guidanceSpin_->setObjectName(QStringLiteral("guidanceSpin"));
    guidanceSpin_->setRange(guidance.limits.low, guidance.limits.high);
    guidanceSpin_->setDecimals(guidance.panel.decimals);
    guidanceSpin_->setSingleStep(guidance.panel.step);
    const auto& guidanceUntil = parameterSpec(RequestParameter::GuidanceUntil);
    guidanceUntilSpin_ = new QDoubleSpinBox(this);
    guidanceUntilSpin_->setObjectName(QStringLiteral("guidanceUntilSpin"));
    guidanceUntilSpin_->setRange(guidanceUntil.limits.low, guidanceUntil.limits.high);
    guidanceUntilSpin_->setDecimals(guidanceUntil.panel.decimals);
    guidanceUntilSpin_->setSingleStep(guidanceUntil.panel.step);
    samplerCombo_ = new QComboBox(this);
    samplerCombo_->setObjectName(QStringLiteral("samplerCombo"));
    for (const auto& info : model::samplerCatalog())
        samplerCombo_->addItem(QLatin1String(info.label), QLatin1String(info.name));
    cacheCombo_ = new QComboBox(this);
    cacheCombo_->setObjectName(QStringLiteral("cacheCombo"));
    for (const char* cache : {"off", "deep:2", "deep:3"})
        cacheCombo_->addItem(QString(), QLatin1String(cache));
    targetFpsSpin_ = spinBox(this, "targetFpsSpin", RequestParameter::TargetFps);
    outputFpsSpin_ = spinBox(this, "outputFpsSpin", RequestParameter::OutputFps);

    seedSpin_ = new SeedSpinBox(this);
    seedSpin_->setObjectName(QStringLiteral("seedSpin"));
    seedDice_ = new QToolButton(this);
    seedDice_->setObjectName(QStringLiteral("seedDice"));
    seedDice_->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    seedLock_ = new QToolButton(this);
    seedLock_->setObjectName(QStringLiteral("seedLock"));
    seedLock_->setCheckable(true);
    seedLock_->setToolButtonStyle(Qt::ToolButtonTextOnly);
    candidatesSpin_ = spinBox(this, "candidatesSpin", 1, kMaxCandidates);

    auto* sizeRow = new QHBoxLayout;
    sizeRow->addWidget(widthSpin_);
    sizeRow->addWidget(new QLabel(QStringLiteral("×"), this));
    sizeRow->addWidget(heightSpin_);
    sizeRow->addStretch();
    auto* framesRow = new QHBoxLayout;
    framesRow->addWidget(framesSpin_);
    framesRow->addWidget(clipLengthLabel_, 1);
    auto* seedRow = new QHBoxLayout;
    seedRow->addWidget(seedSpin_, 1);
    seedRow->addWidget(seedDice_);
    seedRow->addWidget(seedLock_);

    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    const auto addRow = [&](auto* field) {
        auto* label = new QLabel(this);
        fieldLabels_ << label;
        form->addRow(label, field);
    };
    addRow(engineCombo_);
    addRow(presetStateLabel_);
    addRow(resolutionCombo_);
    addRow(sizeRow);
    addRow(framesRow);
    addRow(samplerCombo_);
    addRow(stepsSpin_);
    addRow(guidanceSpin_);
    addRow(guidanceUntilSpin_);
    addRow(cacheCombo_);
    addRow(targetFpsSpin_);
    addRow(outputFpsSpin_);
    addRow(seedRow);
    addRow(candidatesSpin_);

    const GenerationRequest defaults;
    updating_ = true;
    setFromRequest(defaults);
    setSeedLocked(false);
    updating_ = false;

    const auto edited = [this] { refresh(true); };
    for (QSpinBox* spin : {widthSpin_, heightSpin_, framesSpin_, stepsSpin_, targetFpsSpin_,
                           outputFpsSpin_, candidatesSpin_})
        connect(spin, &QSpinBox::valueChanged, this, edited);
    for (QDoubleSpinBox* spin : {guidanceSpin_, guidanceUntilSpin_})
        connect(spin, &QDoubleSpinBox::valueChanged, this, edited);
    for (QComboBox* combo : {samplerCombo_, cacheCombo_})
        connect(combo, &QComboBox::currentIndexChanged, this, edited);
    connect(seedSpin_, &SeedSpinBox::valueChanged, this, edited);
    connect(resolutionCombo_, &QComboBox::currentIndexChanged, this,
            &ParameterPanel::resolutionChosen);
    connect(engineCombo_, &QComboBox::currentIndexChanged, this, [this] {
        engineForcedByMissingModel_ = false;
        updateEngineState();
        refresh(true);
    });
    connect(seedDice_, &QToolButton::clicked, this, &ParameterPanel::drawSeed);
    connect(seedLock_, &QToolButton::toggled, this, [this] { retranslate(); });

    retranslate();
    updateEngineState();
    refresh(false);
}

GenerationRequest ParameterPanel::applyTo(GenerationRequest base) const {
    base.width = widthSpin_->value();
    base.height = heightSpin_->value();
    base.frames = framesSpin_->value();
    base.steps = stepsSpin_->value();
    base.guidance = guidanceSpin_->value();
    base.guidanceUntil = guidanceUntilSpin_->value();
    base.sampler = samplerCombo_->currentData().toString();
    base.cache = cacheCombo_->currentData().toString();
    base.targetFps = targetFpsSpin_->value();
    base.outputFps = outputFpsSpin_->value();
    base.seed = seedSpin_->value();
    base.preset = preset_ ? preset_->id : QString();
    return base;
}

void ParameterPanel::setFromRequest(const GenerationRequest& request) {
    const bool outer = !updating_;
    updating_ = true;
    QString resolution = kCustom;
    for (const QString& name : resolutionNames())
        if (sizeForResolution(name, imageSize_) == QSize(request.width, request.height))
            resolution = name;
    resolutionCombo_->setCurrentIndex(resolutionCombo_->findData(resolution));
    widthSpin_->setValue(request.width);
    heightSpin_->setValue(request.height);
    widthSpin_->setEnabled(resolution == kCustom);
    heightSpin_->setEnabled(resolution == kCustom);
    framesSpin_->setValue(request.frames);
    stepsSpin_->setValue(request.steps);
    guidanceSpin_->setValue(request.guidance);
    guidanceUntilSpin_->setValue(request.guidanceUntil);
    // An unknown name (a hand-edited record) shows DDIM; validation reports the name.
    samplerCombo_->setCurrentIndex(std::max(0, samplerCombo_->findData(request.sampler)));
    // A record's own interval (deep:5) joins the list.
    if (cacheCombo_->findData(request.cache) < 0 && deepCacheInterval(request.cache)) {
        cacheCombo_->addItem(QString(), request.cache);
        retranslateCacheItems();
    }
    cacheCombo_->setCurrentIndex(std::max(0, cacheCombo_->findData(request.cache)));
    targetFpsSpin_->setValue(request.targetFps);
    outputFpsSpin_->setValue(request.outputFps);
    seedSpin_->setValue(request.seed);
    setSeedLocked(true);
    if (const auto builtIn = findPreset(request.preset))
        preset_ = builtIn;
    else if (!preset_ || preset_->id != request.preset)
        preset_.reset();
    updating_ = !outer;
    if (outer)
        refresh(true);
}

void ParameterPanel::setImageSize(QSize imageSize) {
    if (imageSize == imageSize_)
        return;
    imageSize_ = imageSize;
    showNamedSize();
    retranslate();
}

QString ParameterPanel::resolution() const {
    return resolutionCombo_->currentData().toString();
}

int ParameterPanel::candidates() const {
    return candidatesSpin_->value();
}

void ParameterPanel::setCandidates(int candidates) {
    candidatesSpin_->setValue(candidates);
}

Engine ParameterPanel::engine() const {
    return engineCombo_->currentData() == engineId(Engine::I2VGenXL) ? Engine::I2VGenXL
                                                                     : Engine::Camera;
}

void ParameterPanel::setEngine(Engine engine) {
    if (engine == Engine::I2VGenXL && !modelAvailable_)
        return;
    engineCombo_->setCurrentIndex(engineCombo_->findData(engineId(engine)));
}

void ParameterPanel::setModelAvailable(bool available) {
    if (available == modelAvailable_)
        return;
    modelAvailable_ = available;
    auto* model = qobject_cast<QStandardItemModel*>(engineCombo_->model());
    model->item(engineCombo_->findData(engineId(Engine::I2VGenXL)))->setEnabled(available);
    if (!available && engine() == Engine::I2VGenXL) {
        setEngine(Engine::Camera);
        engineForcedByMissingModel_ = true;
    } else if (available && engineForcedByMissingModel_) {
        setEngine(Engine::I2VGenXL);
    }
    retranslate();
}

quint64 ParameterPanel::seed() const {
    return seedSpin_->value();
}

void ParameterPanel::setSeed(quint64 seed) {
    seedSpin_->setValue(seed);
}

bool ParameterPanel::isSeedLocked() const {
    return seedLock_->isChecked();
}

void ParameterPanel::setSeedLocked(bool locked) {
    seedLock_->setChecked(locked);
}

quint64 ParameterPanel::seedForNextJob() {
    if (!isSeedLocked())
        drawSeed();
    return seed();
}

void ParameterPanel::drawSeed() {
    quint64 next = seed();
    // A new seed is a different one.
    while (next == seed())
        next = QRandomGenerator::global()->bounded(kDrawnSeedLimit);
    seedSpin_->setValue(next);
}

void ParameterPanel::applyPreset(const Preset& preset) {
    updating_ = true;
    preset_ = preset;
    GenerationRequest request = kinora::applyPreset(preset, applyTo({}), imageSize_);
    const bool locked = isSeedLocked();
    setFromRequest(request);
    setSeedLocked(locked);
    // A preset with a named resolution keeps the name, so the size follows the image.
    if (!preset.resolution.isEmpty()) {
        const int index = resolutionCombo_->findData(preset.resolution);
        if (index >= 0) {
            resolutionCombo_->setCurrentIndex(index);
            showNamedSize();
        }
    }
    preset_ = preset;
    updating_ = false;
    refresh(true);
}

QString ParameterPanel::presetLabel() const {
    if (!preset_)
        return tr("No preset");
    return modified_ ? tr("%1 (modified)").arg(presetName(*preset_)) : presetName(*preset_);
}

Preset ParameterPanel::currentValues() const {
    Preset values;
    if (resolution() != kCustom && resolution() != kNative)
        values.resolution = resolution();
    values.size = QSize(widthSpin_->value(), heightSpin_->value());
    values.frames = framesSpin_->value();
    values.steps = stepsSpin_->value();
    values.guidance = guidanceSpin_->value();
    values.guidanceUntil = guidanceUntilSpin_->value();
    values.sampler = samplerCombo_->currentData().toString();
    values.cache = cacheCombo_->currentData().toString();
    values.targetFps = targetFpsSpin_->value();
    values.outputFps = outputFpsSpin_->value();
    return values;
}

double ParameterPanel::clipSeconds() const {
    return double(framesSpin_->value()) / outputFpsSpin_->value();
}

void ParameterPanel::resolutionChosen() {
    if (updating_)
        return;
    updating_ = true;
    showNamedSize();
    updating_ = false;
    refresh(true);
}

void ParameterPanel::showNamedSize() {
    const bool custom = resolution() == kCustom;
    widthSpin_->setEnabled(custom);
    heightSpin_->setEnabled(custom);
    if (custom)
        return;
    const bool outer = !updating_;
    updating_ = true;
    const GenerationRequest defaults;
    const QSize size = sizeForResolution(resolution(), imageSize_)
                           .value_or(QSize(defaults.width, defaults.height));
    widthSpin_->setValue(size.width());
    heightSpin_->setValue(size.height());
    updating_ = !outer;
    if (outer)
        refresh(true);
}

void ParameterPanel::refresh(bool notify) {
    if (updating_)
        return;
    clipLengthLabel_->setText(
        tr("%1 s of video at %2 fps").arg(clipSeconds(), 0, 'f', 1).arg(outputFpsSpin_->value()));
    // What the label showed: the preset may have changed since.
    const QString before = presetStateLabel_->text();
    if (preset_) {
        const GenerationRequest current = applyTo({});
        const GenerationRequest expected = kinora::applyPreset(*preset_, current, imageSize_);
        modified_ = current.width != expected.width || current.height != expected.height ||
                    current.frames != expected.frames || current.steps != expected.steps ||
                    current.guidance != expected.guidance ||
                    current.guidanceUntil != expected.guidanceUntil ||
                    current.sampler != expected.sampler || current.cache != expected.cache ||
                    current.targetFps != expected.targetFps ||
                    current.outputFps != expected.outputFps;
    } else {
        modified_ = false;
    }
    presetStateLabel_->setText(presetLabel());
    presetStateLabel_->setToolTip(preset_ ? presetReason(*preset_) : QString());
    if (notify)
        Q_EMIT parametersChanged();
    if (before != presetLabel())
        Q_EMIT presetStateChanged();
}

void ParameterPanel::updateEngineState() {
    // The camera engine warps the photograph: no denoising, no randomness, one result.
    const bool diffusion = engine() == Engine::I2VGenXL;
    for (QWidget* widget : std::initializer_list<QWidget*>{
             samplerCombo_, stepsSpin_, guidanceSpin_, guidanceUntilSpin_, targetFpsSpin_,
             seedSpin_, seedDice_, seedLock_, candidatesSpin_})
        widget->setEnabled(diffusion);
}

void ParameterPanel::retranslateCacheItems() {
    for (int i = 0; i < cacheCombo_->count(); ++i) {
        const int interval = deepCacheInterval(cacheCombo_->itemData(i).toString()).value_or(0);
        cacheCombo_->setItemText(
            i, interval == 0 ? tr("Off (final quality)")
                             : tr("Draft: deep features every %n steps", nullptr, interval));
    }
}

void ParameterPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ParameterPanel::retranslate() {
    const QStringList labels{tr("Engine"),
                             tr("Preset"),
                             tr("Resolution"),
                             tr("Size"),
                             parameterLabel(RequestParameter::Frames),
                             tr("Sampler"),
                             parameterLabel(RequestParameter::Steps),
                             parameterLabel(RequestParameter::Guidance),
                             parameterLabel(RequestParameter::GuidanceUntil),
                             tr("Draft"),
                             parameterLabel(RequestParameter::TargetFps),
                             parameterLabel(RequestParameter::OutputFps),
                             parameterLabel(RequestParameter::Seed),
                             tr("Candidates")};
    for (int i = 0; i < fieldLabels_.size(); ++i)
        fieldLabels_[i]->setText(labels.value(i));

    engineCombo_->setItemText(engineCombo_->findData(engineId(Engine::Camera)),
                              tr("Camera motion (no model)"));
    engineCombo_->setToolTip(
        modelAvailable_
            ? tr("I2VGen-XL generates motion from the prompt; the camera engine moves a virtual "
                 "camera over the photograph in seconds, without a model.")
            : tr("No I2VGen-XL model folder is set, so only the camera engine (no model) can "
                 "run. Choose a model folder to generate with I2VGen-XL."));

    for (int i = 0; i < resolutionCombo_->count(); ++i) {
        const QString name = resolutionCombo_->itemData(i).toString();
        const auto size = sizeForResolution(name, imageSize_);
        if (name == kCustom)
            resolutionCombo_->setItemText(i, tr("Custom"));
        else if (name == kNative)
            resolutionCombo_->setItemText(
                i, tr("Native %1×%2 (trained)").arg(size->width()).arg(size->height()));
        else
            resolutionCombo_->setItemText(
                i, tr("%1 (%2×%3)").arg(name).arg(size->width()).arg(size->height()));
    }
    resolutionCombo_->setToolTip(
        tr("I2VGen-XL was trained at 1280×704; other sizes work but are off its training "
           "distribution. \"NNNp\" sizes follow the picture's aspect ratio."));
    widthSpin_->setToolTip(tr("Width in steps of %1 pixels.").arg(kSizeStep) + QLatin1Char(' ') +
                           parameterDefaultText(RequestParameter::Width));
    heightSpin_->setToolTip(tr("Height in steps of %1 pixels.").arg(kSizeStep) + QLatin1Char(' ') +
                            parameterDefaultText(RequestParameter::Height));
    framesSpin_->setToolTip(parameterToolTip(RequestParameter::Frames));
    stepsSpin_->setToolTip(parameterToolTip(RequestParameter::Steps));
    guidanceSpin_->setToolTip(parameterToolTip(RequestParameter::Guidance));
    guidanceUntilSpin_->setToolTip(parameterToolTip(RequestParameter::GuidanceUntil));
    for (int i = 0; i < samplerCombo_->count(); ++i) {
        const auto& info = model::samplerCatalog().at(std::size_t(i));
        samplerCombo_->setItemData(i,
                                   tr("%1: %2 to %3 steps work well.")
                                       .arg(QLatin1String(info.label))
                                       .arg(info.usefulStepsLow)
                                       .arg(info.usefulStepsHigh),
                                   Qt::ToolTipRole);
    }
    retranslateCacheItems();
    cacheCombo_->setToolTip(
        tr("Draft mode reuses the model's deeper features between steps (DeepCache): faster, "
           "and close to the full result, for judging motion. The history marks drafts; render "
           "the final clip with Off."));
    samplerCombo_->setToolTip(
        tr("How each denoising step moves toward the video. DPM++ 2M and UniPC need fewer steps "
           "than DDIM for the same result (each sampler's range is in its tooltip); another "
           "sampler gives another video from the same seed."));
    targetFpsSpin_->setToolTip(parameterToolTip(RequestParameter::TargetFps));
    outputFpsSpin_->setToolTip(parameterToolTip(RequestParameter::OutputFps));
    // The panel draws seeds, so the table's default is no default here.
    seedSpin_->setToolTip(parameterHelp(RequestParameter::Seed));
    seedDice_->setToolTip(tr("Draw a new random seed"));
    seedLock_->setText(isSeedLocked() ? tr("Locked") : tr("New each run"));
    seedLock_->setToolTip(isSeedLocked()
                              ? tr("Every run uses this seed: the same settings give the same "
                                   "video. Click to draw a new seed for every run.")
                              : tr("Every run draws a new seed. Click to keep this one."));
    candidatesSpin_->setToolTip(
        tr("Videos to generate with different seeds, so you can pick the best; 2 to 3 before "
           "judging a prompt."));
    refresh(false);
}

}  // namespace kinora::ui
