// Safetensors reading, writing, sharded checkpoints and weight-variant selection.
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>

#include "model/weights/Checkpoint.h"
#include "model/weights/SafetensorsFile.h"

using namespace kinora::model;

Q_DECLARE_METATYPE(kinora::model::ErrorCode)

namespace {

// Writes a safetensors file byte by byte, so tests can build files the writer never would.
void writeRaw(const QString& path, const QByteArray& header, const QByteArray& data,
              qint64 claimedHeaderLength = -1) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    const quint64 length = claimedHeaderLength >= 0 ? quint64(claimedHeaderLength) : header.size();
    char lengthBytes[8];
    for (int i = 0; i < 8; ++i)
        lengthBytes[i] = char((length >> (8 * i)) & 0xff);
    file.write(lengthBytes, 8);
    file.write(header);
    file.write(data);
}

QString fileName(const QString& dir, const char* name) {
    return dir + QLatin1Char('/') + name;
}

}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { QVERIFY(dir_.isValid()); }

    void roundTripsEveryDtype() {
        const float f32[] = {1.5f, -2.25f, 3.0f, 0.0f, 1e-3f, 7.0f};
        const std::uint16_t f16[] = {0x3c00, 0xc000};   // 1.0, -2.0
        const std::uint16_t bf16[] = {0x3f80, 0x4040};  // 1.0, 3.0
        const std::int64_t i64[] = {-1, 49407};
        const std::uint8_t u8[] = {0, 128, 255};
        const bool flags[] = {true, false};
        const QString path = fileName(dir_.path(), "good.safetensors");
        auto written = writeSafetensors(path.toStdString(),
                                        {{"weight", DType::F32, {2, 3}, f32},
                                         {"half", DType::F16, {2}, f16},
                                         {"brain", DType::BF16, {2}, bf16},
                                         {"ids", DType::I64, {1, 2}, i64},
                                         {"pixels", DType::U8, {3}, u8},
                                         {"mask", DType::BOOL, {2}, flags},
                                         {"empty", DType::F32, {0, 4}, nullptr},
                                         {"scalar", DType::F32, {}, f32}},
                                        {{"format", "pt"}, {"producer", "kinora test"}});
        QVERIFY2(written, written ? "" : written.error().message.c_str());
        QVERIFY(!QFile::exists(path + ".part"));

        auto file = SafetensorsFile::open(path.toStdString());
        QVERIFY2(file, file ? "" : file.error().message.c_str());
        QCOMPARE(file->tensors().size(), std::size_t(8));
        QCOMPARE(file->metadata().at("producer"), std::string("kinora test"));

        const TensorInfo* weight = file->find("weight");
        QVERIFY(weight);
        QCOMPARE(weight->dtype, DType::F32);
        QCOMPARE(weight->shape, (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(weight->numel(), std::int64_t(6));
        QCOMPARE(std::memcmp(file->data(*weight), f32, sizeof f32), 0);
        // Written files are 8-byte aligned, so every dtype loads without a copy.
        QCOMPARE(reinterpret_cast<std::uintptr_t>(file->data(*weight)) % 8, std::uintptr_t(0));

        QCOMPARE(std::memcmp(file->data(*file->find("half")), f16, sizeof f16), 0);
        QCOMPARE(std::memcmp(file->data(*file->find("brain")), bf16, sizeof bf16), 0);
        QCOMPARE(std::memcmp(file->data(*file->find("ids")), i64, sizeof i64), 0);
        QCOMPARE(std::memcmp(file->data(*file->find("pixels")), u8, sizeof u8), 0);
        QCOMPARE(file->find("mask")->dtype, DType::BOOL);
        QCOMPARE(file->find("empty")->numel(), std::int64_t(0));
        QCOMPARE(file->find("empty")->byteSize(), std::uint64_t(0));
        QCOMPARE(file->find("scalar")->numel(), std::int64_t(1));
        QVERIFY(!file->find("absent"));
    }

    void keepsMappingAliveAfterFileIsGone() {
        const float values[] = {4.0f, 5.0f};
        const QString path = fileName(dir_.path(), "alive.safetensors");
        QVERIFY(writeSafetensors(path.toStdString(), {{"x", DType::F32, {2}, values}}));
        std::shared_ptr<const void> keep;
        const std::byte* bytes = nullptr;
        {
            auto file = SafetensorsFile::open(path.toStdString());
            QVERIFY(file);
            keep = file->keepAlive();
            bytes = file->data(*file->find("x"));
        }
        QCOMPARE(std::memcmp(bytes, values, sizeof values), 0);
    }

    void rejectsBadFiles_data() {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<qint64>("claimedLength");
        QTest::addColumn<ErrorCode>("code");
        QTest::addColumn<QString>("mentions");

        const QByteArray eightBytes(8, '\0');
        const QByteArray good = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
        QTest::newRow("truncated data")
            << good << QByteArray(5, '\0') << qint64(-1) << ErrorCode::TruncatedFile << "\"w\"";
        QTest::newRow("truncated header") << good.left(20) << QByteArray() << qint64(good.size())
                                          << ErrorCode::TruncatedFile << "truncated";
        QTest::newRow("absurd header length")
            << good << eightBytes << (qint64(1) << 40) << ErrorCode::HeaderTooLarge << "absurd";
        QTest::newRow("garbage header") << QByteArray("\x89PNG\r\n garbage {{{") << eightBytes
                                        << qint64(-1) << ErrorCode::InvalidHeader << "JSON";
        QTest::newRow("header is an array") << QByteArray("[1,2,3]") << eightBytes << qint64(-1)
                                            << ErrorCode::InvalidHeader << "JSON object";
        QTest::newRow("unknown dtype")
            << QByteArray(R"({"w":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}})")
            << eightBytes << qint64(-1) << ErrorCode::UnknownDType << "\"w\"";
        QTest::newRow("shape and size disagree")
            << QByteArray(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})") << eightBytes
            << qint64(-1) << ErrorCode::ShapeSizeMismatch << "\"w\"";
        QTest::newRow("overlapping ranges")
            << QByteArray(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                          R"("b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})")
            << eightBytes << qint64(-1) << ErrorCode::OverlappingRanges << "\"b\"";
        QTest::newRow("range ends before it begins")
            << QByteArray(R"({"w":{"dtype":"U8","shape":[0],"data_offsets":[8,4]}})") << eightBytes
            << qint64(-1) << ErrorCode::InvalidHeader << "\"w\"";
        QTest::newRow("negative dimension")
            << QByteArray(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})")
            << eightBytes << qint64(-1) << ErrorCode::InvalidHeader << "\"w\"";
        QTest::newRow("missing data_offsets")
            << QByteArray(R"({"w":{"dtype":"F32","shape":[2]}})") << eightBytes << qint64(-1)
            << ErrorCode::InvalidHeader << "\"w\"";
        QTest::newRow("metadata value not a string")
            << QByteArray(R"({"__metadata__":{"format":3},)"
                          R"("w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})")
            << eightBytes << qint64(-1) << ErrorCode::InvalidHeader << "__metadata__";
        QTest::newRow("shape overflows")
            << QByteArray(R"({"w":{"dtype":"F32","shape":[4294967296,4294967296],)"
                          R"("data_offsets":[0,8]}})")
            << eightBytes << qint64(-1) << ErrorCode::ShapeSizeMismatch << "\"w\"";
    }

    void rejectsBadFiles() {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, data);
        QFETCH(qint64, claimedLength);
        QFETCH(ErrorCode, code);
        QFETCH(QString, mentions);
        const QString path = fileName(dir_.path(), "bad.safetensors");
        writeRaw(path, header, data, claimedLength);
        auto file = SafetensorsFile::open(path.toStdString());
        QVERIFY(!file);
        const QString message = QString::fromStdString(file.error().message);
        QCOMPARE(file.error().code, code);
        QVERIFY2(message.contains(path), qPrintable(message));
        QVERIFY2(message.contains(mentions), qPrintable(message));
        QVERIFY(!file.error().remedy.empty());
    }

    void rejectsTinyAndMissingFiles() {
        const QString tiny = fileName(dir_.path(), "tiny.safetensors");
        QFile file(tiny);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("abc");
        file.close();
        auto opened = SafetensorsFile::open(tiny.toStdString());
        QVERIFY(!opened);
        QCOMPARE(opened.error().code, ErrorCode::TruncatedFile);

        auto missing =
            SafetensorsFile::open(fileName(dir_.path(), "nope.safetensors").toStdString());
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::FileNotFound);
    }

    void readsShardedCheckpoint() {
        const float a[] = {1, 2};
        const float b[] = {3, 4, 5};
        QVERIFY(writeSafetensors(
            fileName(dir_.path(), "model-00001-of-00002.safetensors").toStdString(),
            {{"a", DType::F32, {2}, a}}));
        QVERIFY(writeSafetensors(
            fileName(dir_.path(), "model-00002-of-00002.safetensors").toStdString(),
            {{"b", DType::F32, {3}, b}}));
        writeIndex(
            "model.safetensors.index.json",
            R"({"metadata":{"total_size":20},"weight_map":{)"
            R"("a":"model-00001-of-00002.safetensors","b":"model-00002-of-00002.safetensors"}})");
        auto checkpoint = Checkpoint::open(dir_.path().toStdString(), "model",
                                           WeightVariant::PreferFullPrecision);
        QVERIFY2(checkpoint, checkpoint ? "" : checkpoint.error().message.c_str());
        QCOMPARE(checkpoint->files().size(), std::size_t(2));
        QCOMPARE(checkpoint->parameterCount(), std::uint64_t(5));
        QVERIFY(checkpoint->find("b"));
        QCOMPARE(std::memcmp(checkpoint->find("b")->file->data(*checkpoint->find("b")->info), b,
                             sizeof b),
                 0);
    }

    void rejectsBadIndexes_data() {
        QTest::addColumn<QByteArray>("index");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("escapes the folder")
            << QByteArray(R"({"weight_map":{"a":"../outside.safetensors"}})") << "\"a\"";
        QTest::newRow("tensor in the wrong shard")
            << QByteArray(R"({"weight_map":{"a":"shard-2.safetensors","b":"shard-2.safetensors"}})")
            << "\"a\"";
        QTest::newRow("no weight map") << QByteArray(R"({"metadata":{}})") << "weight_map";
        QTest::newRow("not JSON") << QByteArray("weight_map = 1") << "JSON";
    }

    void rejectsBadIndexes() {
        QFETCH(QByteArray, index);
        QFETCH(QString, mentions);
        const float a[] = {1};
        QVERIFY(writeSafetensors(fileName(dir_.path(), "shard-1.safetensors").toStdString(),
                                 {{"a", DType::F32, {1}, a}}));
        QVERIFY(writeSafetensors(fileName(dir_.path(), "shard-2.safetensors").toStdString(),
                                 {{"b", DType::F32, {1}, a}}));
        writeIndex("model.safetensors.index.json", index);
        auto checkpoint = Checkpoint::open(dir_.path().toStdString(), "model",
                                           WeightVariant::PreferFullPrecision);
        QVERIFY(!checkpoint);
        const QString message = QString::fromStdString(checkpoint.error().message);
        QVERIFY2(message.contains(mentions), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("model.safetensors.index.json")),
                 qPrintable(message));
    }

    void selectsWeightVariant_data() {
        QTest::addColumn<QStringList>("present");
        QTest::addColumn<bool>("preferFp16");
        QTest::addColumn<QString>("chosen");
        const QString full = QStringLiteral("diffusion_pytorch_model.safetensors");
        const QString half = QStringLiteral("diffusion_pytorch_model.fp16.safetensors");
        QTest::newRow("both, default prefers full precision")
            << QStringList{full, half} << false << full;
        QTest::newRow("both, fp16 asked") << QStringList{full, half} << true << half;
        QTest::newRow("only fp16") << QStringList{half} << false << half;
        QTest::newRow("only full, fp16 asked") << QStringList{full} << true << full;
    }

    void selectsWeightVariant() {
        QFETCH(QStringList, present);
        QFETCH(bool, preferFp16);
        QFETCH(QString, chosen);
        const float value[] = {1};
        for (const auto& name : present) {
            QVERIFY(writeSafetensors((dir_.path() + "/" + name).toStdString(),
                                     {{"x", DType::F32, {1}, value}}));
        }
        auto location = locateWeights(
            dir_.path().toStdString(), "diffusion_pytorch_model",
            preferFp16 ? WeightVariant::PreferFp16 : WeightVariant::PreferFullPrecision);
        QVERIFY(location);
        QCOMPARE(location->files.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(location->files.front().filename().string()), chosen);
        QCOMPARE(location->fp16Variant, chosen.contains(QStringLiteral("fp16")));
    }

    void findsShardedFp16Variant() {
        const float value[] = {1};
        QVERIFY(writeSafetensors(
            fileName(dir_.path(), "diffusion_pytorch_model.fp16-00001-of-00001.safetensors")
                .toStdString(),
            {{"x", DType::F32, {1}, value}}));
        writeIndex(
            "diffusion_pytorch_model.safetensors.index.fp16.json",
            R"({"weight_map":{"x":"diffusion_pytorch_model.fp16-00001-of-00001.safetensors"}})");
        auto checkpoint = Checkpoint::open(dir_.path().toStdString(), "diffusion_pytorch_model",
                                           WeightVariant::PreferFp16);
        QVERIFY2(checkpoint, checkpoint ? "" : checkpoint.error().message.c_str());
        QVERIFY(checkpoint->location().fp16Variant);
        QVERIFY(checkpoint->find("x"));
    }

    void refusesPickleCheckpoints() {
        QFile pickle(fileName(dir_.path(), "pytorch_model.bin"));
        QVERIFY(pickle.open(QIODevice::WriteOnly));
        pickle.write("\x80\x02}q\x00.");
        pickle.close();
        auto location =
            locateWeights(dir_.path().toStdString(), "model", WeightVariant::PreferFullPrecision);
        QVERIFY(!location);
        QCOMPARE(location.error().code, ErrorCode::UnsafeFormat);
        QVERIFY(QString::fromStdString(location.error().remedy).contains("safetensors"));
    }

    void reportsMissingWeights() {
        auto location =
            locateWeights(dir_.path().toStdString(), "model", WeightVariant::PreferFullPrecision);
        QVERIFY(!location);
        QCOMPARE(location.error().code, ErrorCode::FileNotFound);
        QVERIFY(QString::fromStdString(location.error().message).contains("model.safetensors"));
    }

    void cleanup() {
        QDir dir(dir_.path());
        for (const auto& entry : dir.entryList(QDir::Files))
            dir.remove(entry);
    }

private:
    void writeIndex(const char* name, const QByteArray& text) {
        QFile file(fileName(dir_.path(), name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    }

    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "tst_safetensors.moc"
