// Help > About: Kinora's version, the libraries it runs on, the devices it can use, the licences.
#pragma once

#include <QDialog>

namespace kinora::ui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
};

}  // namespace kinora::ui
