#include "ui/AboutDialog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

#include "facade/BuildInfo.h"
#include "facade/Version.h"

namespace kinora::ui {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About Kinora"));
    setObjectName(QStringLiteral("aboutDialog"));
    auto* layout = new QVBoxLayout(this);

    auto* header = new QHBoxLayout;
    auto* icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/icons/kinora.svg")).pixmap(QSize(64, 64)));
    header->addWidget(icon);
    auto* title = new QLabel(QStringLiteral("<h2>Kinora %1</h2><a href=\"%2\">%2</a>")
                                 .arg(kinoraVersion(), QStringLiteral(KINORA_HOMEPAGE)),
                             this);
    title->setOpenExternalLinks(true);
    header->addWidget(title, 1);
    layout->addLayout(header);

    auto* summary = new QLabel(
        tr("Turns one still image and a short prompt into a video with the I2VGen-XL diffusion "
           "model, on your own machine."),
        this);
    summary->setWordWrap(true);
    layout->addWidget(summary);

    QString libraries = QStringLiteral("<table>");
    for (const auto& library : libraryVersions()) {
        libraries += QStringLiteral("<tr><td><b>%1</b></td><td>&nbsp;%2</td></tr>")
                         .arg(library.name.toHtmlEscaped(), library.version.toHtmlEscaped());
    }
    libraries += QStringLiteral("<tr><td><b>%1</b></td><td>&nbsp;%2</td></tr></table>")
                     .arg(tr("Devices"), availableDevices().toHtmlEscaped());
    auto* librariesLabel = new QLabel(libraries, this);
    librariesLabel->setObjectName(QStringLiteral("libraryVersions"));
    librariesLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(librariesLabel);

    auto* licence = new QLabel(
        tr("Kinora is free software under the MIT licence. Model weights are not part of Kinora: "
           "their own licence applies (the I2VGen-XL authors state research and non-commercial "
           "use)."),
        this);
    licence->setWordWrap(true);
    layout->addWidget(licence);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

}  // namespace kinora::ui
