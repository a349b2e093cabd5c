// The Debian package as a user gets it. cpack builds it into a temporary folder, dpkg-deb unpacks
// it into a temporary root (no root rights needed, nothing is installed on this machine), and the
// unpacked programs run from that root's /usr/bin against the system's shared libraries. A real
// `dpkg -i` check is packaging/check-deb.sh, for machines where installing is fine.
#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
    QString all() const { return out + err; }
};

Run run(const QString& program, const QStringList& arguments,
        const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    Run result;
    if (!process.waitForFinished(300000)) {
        result.err = program + QStringLiteral(": did not finish: ") + process.errorString();
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

const QString kAppId = QStringLiteral(KINORA_APP_ID);
const QString kDesktopFile = QStringLiteral("/usr/share/applications/") + kAppId + ".desktop";
const QString kMetainfoFile = QStringLiteral("/usr/share/metainfo/") + kAppId + ".metainfo.xml";
const QString kIconFile =
    QStringLiteral("/usr/share/icons/hicolor/scalable/apps/") + kAppId + ".svg";

}  // namespace

class TestPackaging : public QObject {
    Q_OBJECT

    QTemporaryDir work_;
    QString package_;
    QString root_;

    QString field(const QString& name) const {
        return run(QStringLiteral("dpkg-deb"), {QStringLiteral("--field"), package_, name})
            .out.trimmed();
    }

private Q_SLOTS:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("dpkg-deb")).isEmpty())
            QSKIP("dpkg-deb is missing: the Debian package can only be checked on Debian");
        QVERIFY(work_.isValid());
        const QString output = work_.filePath(QStringLiteral("out"));
        const Run cpack =
            run(QStringLiteral(KINORA_CPACK_COMMAND),
                {QStringLiteral("--config"), QStringLiteral(KINORA_BINARY_DIR "/CPackConfig.cmake"),
                 QStringLiteral("-G"), QStringLiteral("DEB"), QStringLiteral("-B"), output});
        QVERIFY2(cpack.exitCode == 0, qPrintable(cpack.all()));
        const QStringList packages = QDir(output).entryList({QStringLiteral("*.deb")}, QDir::Files);
        QCOMPARE(packages.size(), 1);
        package_ = QDir(output).filePath(packages.front());
        root_ = work_.filePath(QStringLiteral("root"));
        const Run extract =
            run(QStringLiteral("dpkg-deb"), {QStringLiteral("-x"), package_, root_});
        QVERIFY2(extract.exitCode == 0, qPrintable(extract.all()));
    }

    void controlFields_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("contains");
        const QString architecture =
            run(QStringLiteral("dpkg"), {QStringLiteral("--print-architecture")}).out.trimmed();
        QTest::newRow("package") << "Package"
                                 << "kinora";
        QTest::newRow("version") << "Version" << KINORA_VERSION;
        QTest::newRow("architecture") << "Architecture" << architecture;
        QTest::newRow("section") << "Section"
                                 << "graphics";
        QTest::newRow("maintainer") << "Maintainer"
                                    << "@";
        QTest::newRow("homepage") << "Homepage" << KINORA_HOMEPAGE;
        QTest::newRow("description") << "Description"
                                     << "I2VGen-XL";
        // dpkg-shlibdeps found the linked libraries; the plugin dependency is added by hand.
        QTest::newRow("depends on Qt") << "Depends"
                                       << "libqt6widgets6";
        QTest::newRow("depends on LibTorch") << "Depends"
                                             << "libtorch";
        QTest::newRow("depends on FFmpeg") << "Depends"
                                           << "libavformat";
        QTest::newRow("depends on WebP plugin") << "Depends"
                                                << "qt6-image-formats-plugins";
    }

    void controlFields() {
        QFETCH(QString, name);
        QFETCH(QString, contains);
        const QString value = field(name);
        QVERIFY2(!contains.isEmpty() && value.contains(contains),
                 qPrintable(QStringLiteral("%1: \"%2\" lacks \"%3\"").arg(name, value, contains)));
    }

    void installedFiles_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("executable");
        QTest::newRow("gui") << "/usr/bin/kinora" << true;
        QTest::newRow("cli") << "/usr/bin/kinora-cli" << true;
        QTest::newRow("desktop entry") << kDesktopFile << false;
        QTest::newRow("metainfo") << kMetainfoFile << false;
        QTest::newRow("icon") << kIconFile << false;
    }

    void installedFiles() {
        QFETCH(QString, path);
        QFETCH(bool, executable);
        const QFileInfo file(root_ + path);
        QVERIFY2(file.isFile(), qPrintable(path));
        QCOMPARE(file.isExecutable(), executable);
    }

    // The binaries must not point back into the build tree, or running them below would prove
    // nothing about the installed layout.
    void noBuildTreeRunPath_data() {
        QTest::addColumn<QString>("binary");
        QTest::newRow("gui") << "/usr/bin/kinora";
        QTest::newRow("cli") << "/usr/bin/kinora-cli";
    }

    void noBuildTreeRunPath() {
        QFETCH(QString, binary);
        const Run dynamic = run(QStringLiteral("readelf"), {QStringLiteral("-d"), root_ + binary});
        QCOMPARE(dynamic.exitCode, 0);
        QVERIFY2(!dynamic.out.contains(QStringLiteral(KINORA_BINARY_DIR)), qPrintable(dynamic.out));
        QVERIFY2(!dynamic.out.contains(QStringLiteral(KINORA_SOURCE_DIR)), qPrintable(dynamic.out));
    }

    void programsRunFromInstalledLayout_data() {
        QTest::addColumn<QString>("binary");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cli") << "/usr/bin/kinora-cli"
                             << QStringLiteral("kinora-cli " KINORA_VERSION);
        QTest::newRow("gui") << "/usr/bin/kinora" << QStringLiteral("Kinora " KINORA_VERSION);
    }

    void programsRunFromInstalledLayout() {
        QFETCH(QString, binary);
        QFETCH(QString, expected);
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.remove(QStringLiteral("LD_LIBRARY_PATH"));
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        const Run version = run(root_ + binary, {QStringLiteral("--version")}, environment);
        QVERIFY2(version.exitCode == 0, qPrintable(version.all()));
        QVERIFY2(version.out.contains(expected), qPrintable(version.out));
    }

    void desktopEntry() {
        QFile file(root_ + kDesktopFile);
        QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
        const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
        QVERIFY(lines.contains(QStringLiteral("Icon=") + kAppId));
        QVERIFY(lines.contains(QStringLiteral("Exec=kinora %f")));

        const QString validator =
            QStandardPaths::findExecutable(QStringLiteral("desktop-file-validate"));
        if (validator.isEmpty())
            QSKIP("desktop-file-validate is missing (package desktop-file-utils)");
        const Run validate = run(validator, {file.fileName()});
        QVERIFY2(validate.exitCode == 0, qPrintable(validate.all()));
        QVERIFY2(!validate.all().contains(QStringLiteral("error:")), qPrintable(validate.all()));
    }

    void metainfo() {
        QFile file(root_ + kMetainfoFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        QString id;
        QStringList releases;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("id"))
                id = xml.readElementText();
            if (xml.name() == QLatin1String("release"))
                releases << xml.attributes().value(QLatin1String("version")).toString();
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(id, kAppId);
        QVERIFY2(releases.contains(QStringLiteral(KINORA_VERSION)),
                 "the metainfo needs a <release> entry for the project's version");

        const QString validator = QStandardPaths::findExecutable(QStringLiteral("appstreamcli"));
        if (validator.isEmpty())
            QSKIP("appstreamcli is missing (package appstream)");
        const Run validate = run(
            validator, {QStringLiteral("validate"), QStringLiteral("--no-net"), file.fileName()});
        QVERIFY2(validate.exitCode == 0, qPrintable(validate.all()));
    }

    void iconRenders() {
        const QImage icon(root_ + kIconFile);
        QVERIFY2(!icon.isNull(), "the SVG icon does not load (Qt's svg image plugin, libqt6svg6)");
        QCOMPARE(icon.width(), icon.height());
        QVERIFY(icon.pixelColor(icon.width() / 2, icon.height() / 2).alpha() > 0);
    }
};

QTEST_MAIN(TestPackaging)
#include "tst_packaging.moc"
