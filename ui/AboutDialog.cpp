#include "ui/AboutDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

#include "facade/BuildInfo.h"
#include "facade/Version.h"

namespace kinora::ui {

AboutDialog::AboutDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("About Kinora"));
    setObjectName(QStringLiteral("aboutDialog"));
    auto* layout = new QVBoxLayout(this);

    auto* title = new QLabel(QStringLiteral("<h2>Kinora %1</h2>").arg(kinoraVersion()), this);
    layout->addWidget(title);
    layout->addWidget(new QLabel(
        tr("Turns one still image and a short prompt into a video with the I2VGen-XL diffusion "
           "model, on your own machine."),
        this));

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
}

}  // namespace kinora::ui
