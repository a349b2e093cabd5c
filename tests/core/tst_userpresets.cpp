// The user's presets: save, rename, delete, persistence across instances, name rules, and a
// damaged file that is kept aside instead of being overwritten.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "facade/Presets.h"
#include "facade/UserPresets.h"

using namespace kinora;
using Code = UserPresetStatus::Code;

Q_DECLARE_METATYPE(kinora::UserPresetStatus::Code)

namespace {

bool sameValues(const Preset& a, const Preset& b) {
    return a.resolution == b.resolution && (a.resolution.isEmpty() ? a.size == b.size : true) &&
           a.frames == b.frames && a.steps == b.steps && a.guidance == b.guidance &&
           a.targetFps == b.targetFps && a.outputFps == b.outputFps && a.reason == b.reason;
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// A user's variation of each built-in preset, so every kind of size (resolution or fixed) is
// stored.
QList<Preset> variations() {
    QList<Preset> presets;
    for (Preset preset : builtInPresets()) {
        preset.steps += 5;
        preset.guidance += 0.5;
        preset.reason.clear();
        presets << preset;
    }
    return presets;
}

}  // namespace

class TestUserPresets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void missingFileIsAnEmptyList() {
        QTemporaryDir dir;
        UserPresets store(dir.filePath("sub/presets.json"));
        QVERIFY(store.loadStatus().ok());
        QVERIFY(store.presets().isEmpty());
        QVERIFY(!QFile::exists(store.path()));
    }

    void saveRenameDeletePersist() {
        QTemporaryDir dir;
        const QString path = dir.filePath("sub/presets.json");
        const QList<Preset> values = variations();
        QVERIFY(!values.isEmpty());
        {
            UserPresets store(path);
            for (int i = 0; i < values.size(); ++i) {
                const auto status = store.saveAs(QStringLiteral("  Mine %1 ").arg(i), values[i]);
                QVERIFY2(status.ok(), qPrintable(status.message));
            }
        }
        UserPresets reread(path);
        QVERIFY2(reread.loadStatus().ok(), qPrintable(reread.loadStatus().message));
        QCOMPARE(reread.presets().size(), values.size());
        for (int i = 0; i < values.size(); ++i) {
            const Preset& stored = reread.presets()[i];
            QCOMPARE(stored.name, QStringLiteral("Mine %1").arg(i));
            QCOMPARE(stored.id, stored.name);
            QVERIFY(sameValues(stored, values[i]));
        }

        QVERIFY(reread.rename(QStringLiteral("mine 0"), QStringLiteral("Evening sea")).ok());
        QVERIFY(reread.remove(QStringLiteral("Mine 1")).ok());
        UserPresets third(path);
        QCOMPARE(third.presets().size(), values.size() - 1);
        QCOMPARE(third.presets().front().name, QStringLiteral("Evening sea"));
        QVERIFY(sameValues(third.presets().front(), values[0]));
        QVERIFY(!third.find(QStringLiteral("Mine 1")));
        QVERIFY(third.find(QStringLiteral("EVENING SEA")));
    }

    void renameToOwnNameInOtherCase() {
        QTemporaryDir dir;
        UserPresets store(dir.filePath("presets.json"));
        QVERIFY(store.saveAs(QStringLiteral("dusk"), variations().front()).ok());
        QVERIFY(store.rename(QStringLiteral("dusk"), QStringLiteral("Dusk")).ok());
        QCOMPARE(store.presets().front().name, QStringLiteral("Dusk"));
    }

    void unknownPresetIsNotFound() {
        QTemporaryDir dir;
        UserPresets store(dir.filePath("presets.json"));
        QCOMPARE(store.rename(QStringLiteral("nothing"), QStringLiteral("else")).code,
                 Code::NotFound);
        QCOMPARE(store.remove(QStringLiteral("nothing")).code, Code::NotFound);
    }

    void nameValidation_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<Code>("expected");
        const QList<Preset> builtIn = builtInPresets();
        QVERIFY(!builtIn.isEmpty());
        QTest::newRow("empty") << QString() << Code::EmptyName;
        QTest::newRow("spaces") << QStringLiteral("   ") << Code::EmptyName;
        QTest::newRow("too long") << QString(UserPresets::kMaxNameLength + 1, QLatin1Char('x'))
                                  << Code::InvalidName;
        QTest::newRow("newline") << QStringLiteral("two\nlines") << Code::InvalidName;
        for (const auto& preset : builtIn) {
            QTest::addRow("built-in id %s", qPrintable(preset.id))
                << preset.id.toUpper() << Code::ReservedName;
            QTest::addRow("built-in name %s", qPrintable(preset.id))
                << QStringLiteral(" %1 ").arg(preset.name) << Code::ReservedName;
        }
        QTest::newRow("duplicate") << QStringLiteral("MY PRESET") << Code::DuplicateName;
        QTest::newRow("fine") << QStringLiteral("my preset 2") << Code::Ok;
    }

    void nameValidation() {
        QFETCH(QString, name);
        QFETCH(Code, expected);
        QTemporaryDir dir;
        UserPresets store(dir.filePath("presets.json"));
        QVERIFY(store.saveAs(QStringLiteral("My preset"), variations().front()).ok());
        const QByteArray before = readAll(store.path());
        QCOMPARE(store.checkName(name).code, expected);
        const auto status = store.saveAs(name, variations().front());
        QCOMPARE(status.code, expected);
        if (expected != Code::Ok) {
            QVERIFY(!status.message.isEmpty());
            QVERIFY(!status.remedy.isEmpty());
            QCOMPARE(store.presets().size(), 1);
            QCOMPARE(readAll(store.path()), before);
            QCOMPARE(store.rename(QStringLiteral("My preset"), name).code,
                     expected == Code::DuplicateName ? Code::Ok : expected);
        }
    }

    void invalidValuesAreRefused() {
        QTemporaryDir dir;
        UserPresets store(dir.filePath("presets.json"));
        Preset preset = variations().front();
        preset.frames = 0;
        const auto status = store.saveAs(QStringLiteral("broken"), preset);
        QCOMPARE(status.code, Code::InvalidValues);
        QVERIFY(status.message.contains(QStringLiteral("frames")));
        QVERIFY(store.presets().isEmpty());
        QVERIFY(!QFile::exists(store.path()));
    }

    void unwritableFolderFailsAndKeepsTheList() {
        QTemporaryDir dir;
        // The folder the file should go in is a file.
        QVERIFY(writeAll(dir.filePath("blocker"), "x"));
        UserPresets store(dir.filePath("blocker/presets.json"));
        const auto status = store.saveAs(QStringLiteral("mine"), variations().front());
        QCOMPARE(status.code, Code::WriteFailed);
        QVERIFY(status.message.contains(dir.filePath("blocker")));
        QVERIFY(store.presets().isEmpty());
    }

    void corruptFileIsKeptAside_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("readable");
        QTest::newRow("not json") << QByteArray("{\"presets\": [") << 0;
        QTest::newRow("no array") << QByteArray("{\"presets\": 3}") << 0;
        QTest::newRow("empty file") << QByteArray() << 0;
        QTest::newRow("one bad entry")
            << QByteArray(
                   "{\"presets\": [{\"name\": \"good\", \"resolution\": \"512p\", "
                   "\"frames\": 16, \"steps\": 50, \"guidance\": 9, \"target_fps\": 8, "
                   "\"output_fps\": 8}, {\"name\": \"bad\", \"frames\": \"many\"}]}")
            << 1;
        QTest::newRow("bad values")
            << QByteArray(
                   "{\"presets\": [{\"name\": \"bad\", \"resolution\": \"512p\", "
                   "\"frames\": 16, \"steps\": 50, \"guidance\": 9, \"target_fps\": 0, "
                   "\"output_fps\": 8}]}")
            << 0;
    }

    void corruptFileIsKeptAside() {
        QFETCH(QByteArray, content);
        QFETCH(int, readable);
        QTemporaryDir dir;
        const QString path = dir.filePath("presets.json");
        QVERIFY(writeAll(path, content));
        for (int round = 1; round <= 2; ++round) {
            const QString aside =
                round == 1 ? path + QStringLiteral(".bad") : path + QStringLiteral(".bad.2");
            UserPresets store(path);
            QCOMPARE(store.loadStatus().code, Code::CorruptFile);
            QVERIFY2(store.loadStatus().message.contains(path),
                     qPrintable(store.loadStatus().message));
            QVERIFY(store.loadStatus().message.contains(aside));
            QCOMPARE(store.presets().size(), readable);
            QCOMPARE(readAll(aside), content);
            QCOMPARE(QFile::exists(path), readable > 0);
            // The damaged file is never overwritten: a second damaged load keeps a second copy.
            QVERIFY(writeAll(path, content));
        }
        UserPresets store(path);
        QVERIFY(store.saveAs(QStringLiteral("fresh"), variations().front()).ok());
        QCOMPARE(readAll(path + QStringLiteral(".bad")), content);
        const UserPresets reread(path);
        QVERIFY(reread.loadStatus().ok());
        QCOMPARE(reread.presets().size(), readable + 1);
    }
};

QTEST_GUILESS_MAIN(TestUserPresets)
#include "tst_userpresets.moc"
