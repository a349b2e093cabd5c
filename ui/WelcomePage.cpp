#include "ui/WelcomePage.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "facade/BuildInfo.h"

namespace kinora::ui {

WelcomePage::WelcomePage(const QIcon& icon, QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("welcomePage"));
    auto* layout = new QVBoxLayout(this);
    layout->setSpacing(12);
    layout->addStretch(2);

    auto* iconLabel = new QLabel(this);
    iconLabel->setPixmap(icon.pixmap(QSize(96, 96)));
    iconLabel->setAlignment(Qt::AlignCenter);
    layout->addWidget(iconLabel);

    text_ = new QLabel(this);
    text_->setObjectName(QStringLiteral("welcomeText"));
    text_->setAlignment(Qt::AlignCenter);
    text_->setWordWrap(true);
    text_->setOpenExternalLinks(true);
    text_->setTextFormat(Qt::RichText);
    layout->addWidget(text_);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    openImage_ = new QPushButton(this);
    openImage_->setObjectName(QStringLiteral("openImageButton"));
    connect(openImage_, &QPushButton::clicked, this, &WelcomePage::openImageClicked);
    buttons->addWidget(openImage_);
    setModel_ = new QPushButton(this);
    setModel_->setObjectName(QStringLiteral("setModelButton"));
    connect(setModel_, &QPushButton::clicked, this, &WelcomePage::setModelClicked);
    buttons->addWidget(setModel_);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    layout->addStretch(3);
    retranslate();
}

void WelcomePage::setModelFolderSet(bool set) {
    modelFolderSet_ = set;
    retranslate();
}

void WelcomePage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void WelcomePage::retranslate() {
    openImage_->setText(tr("Open image…"));
    setModel_->setText(tr("Set model folder…"));
    QString text =
        tr("<h2>Kinora</h2><p>Image-to-video studio for the I2VGen-XL diffusion "
           "model.</p><p>Open a picture, or drop a PNG, JPEG or WebP file onto this "
           "window.</p>");
    if (!modelFolderSet_) {
        text += tr(
            "<p><b>No model folder is set.</b> Until one is, Kinora makes camera-motion videos "
            "(pan, tilt, zoom, rotate, dolly) read from your prompt, in seconds, with no model.</p>"
            "<p>I2VGen-XL (Alibaba, 2023) animates a picture from a text prompt. Its weights "
            "(about 5 GB in fp16) are not bundled: download the diffusers-format folder of "
            "<a href=\"https://huggingface.co/ali-vilab/i2vgen-xl\">ali-vilab/i2vgen-xl</a> "
            "and choose it in Settings. Licence: the authors' repository states research and "
            "non-commercial use for the weights; read the licence in the folder before you "
            "use the videos commercially.</p>");
    }
    text_->setText(text);
}

QString WelcomePage::helpText() {
    return tr("<h3>Kinora %1</h3>"
              "<p><b>1.</b> Open a picture (<b>File › Open image…</b>, drop a file, or paste with "
              "Ctrl+Shift+V). The dimmed part is what the chosen video size crops away.</p>"
              "<p><b>2.</b> Describe the motion: <i>subject + action + direction/speed + "
              "environment</i>. The <b>Motion keywords</b> palette inserts phrases the model "
              "understands; the token count shows what the model would not read.</p>"
              "<p><b>3.</b> Pick a preset (Fast to explore, Quality or Native for the final "
              "video) and press <b>Generate</b> (Ctrl+Return). <b>Diagnostics</b> lists what "
              "would spoil the run before you start; double-click a finding to apply its fix.</p>"
              "<p><b>4.</b> Watch the preview form as it samples; Esc cancels within one step. "
              "Finished videos play in the preview and stay in <b>History</b>, where you can "
              "re-run them, try a new seed or save their settings as a preset. Drop a Kinora "
              "video onto the window to restore how it was made.</p>"
              "<p>Without a model folder (Settings) Kinora makes camera moves read from the "
              "prompt. The command line does the same: <code>kinora-cli --help</code>.</p>")
        .arg(kinoraVersion());
}

}  // namespace kinora::ui
