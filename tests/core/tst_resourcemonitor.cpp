// The memory monitor: /proc parsing from given texts, real sampling off the UI thread, and what a
// CUDA request shows where no NVIDIA library can be loaded.
#include <QDir>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include "facade/ResourceMonitor.h"

using kinora::MemorySample;
using kinora::ResourceMonitor;

namespace {

constexpr qint64 kKiB = 1024;

// Whether the NVIDIA driver sees a GPU here (a CUDA runtime alone, without a driver, does not).
bool gpuPresent() {
    return !QDir(QStringLiteral("/proc/driver/nvidia/gpus"))
                .entryList(QDir::Dirs | QDir::NoDotAndDotDot)
                .isEmpty();
}

// The samples a running monitor delivers within `milliseconds`.
QList<MemorySample> collect(ResourceMonitor& monitor, int count, int milliseconds) {
    QList<MemorySample> samples;
    QObject::connect(&monitor, &ResourceMonitor::sampled,
                     [&samples](const MemorySample& sample) { samples << sample; });
    monitor.start();
    if (!QTest::qWaitFor([&] { return samples.size() >= count; }, milliseconds))
        qWarning() << "only" << samples.size() << "samples in" << milliseconds << "ms";
    monitor.stop();
    return samples;
}

}  // namespace

class TestResourceMonitor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesMeminfo_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("total");
        QTest::addColumn<qint64>("available");
        QTest::newRow("linux 6") << "MemTotal:       16303412 kB\n"
                                    "MemFree:          912344 kB\n"
                                    "MemAvailable:    9876540 kB\n"
                                    "Buffers:          201020 kB\n"
                                    "Cached:          8123456 kB\n"
                                    "HugePages_Total:       0\n"
                                 << true << 16303412 * kKiB << 9876540 * kKiB;
        // Before Linux 3.14: free + buffers + cache.
        QTest::newRow("no MemAvailable") << "MemTotal:        8000000 kB\n"
                                            "MemFree:         1000000 kB\n"
                                            "Buffers:          200000 kB\n"
                                            "Cached:          3000000 kB\n"
                                         << true << 8000000 * kKiB << 4200000 * kKiB;
        QTest::newRow("key order") << "MemAvailable:      1000 kB\nMemTotal:    4000 kB\n"
                                   << true << 4000 * kKiB << 1000 * kKiB;
        QTest::newRow("prefix is not the key") << "MemTotalX:    4000 kB\n" << false << 0ll << 0ll;
        QTest::newRow("no MemTotal") << "MemFree:    4000 kB\n" << false << 0ll << 0ll;
        QTest::newRow("empty") << QString() << false << 0ll << 0ll;
    }

    void parsesMeminfo() {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        const auto memory = kinora::parseMeminfo(text);
        QCOMPARE(memory.has_value(), valid);
        if (!valid)
            return;
        QFETCH(qint64, total);
        QFETCH(qint64, available);
        QCOMPARE(memory->totalBytes, total);
        QCOMPARE(memory->availableBytes, available);
    }

    void parsesProcessRss_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("rss");
        QTest::newRow("process") << "Name:\tkinora\nVmPeak:\t 2345678 kB\nVmHWM:\t  900000 kB\n"
                                    "VmRSS:\t  812345 kB\nRssAnon:\t  700000 kB\nThreads:\t12\n"
                                 << 812345 * kKiB;
        QTest::newRow("kernel thread") << "Name:\tkworker/0:1\nState:\tI (idle)\nThreads:\t1\n"
                                       << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
    }

    void parsesProcessRss() {
        QFETCH(QString, text);
        QFETCH(qint64, rss);
        QCOMPARE(kinora::parseProcessRss(text), rss);
    }

    void samplesThisMachineOffTheUiThread() {
        ResourceMonitor monitor;
        monitor.setDevice(QStringLiteral("cpu"));
        connect(&monitor, &ResourceMonitor::sampled, this, [&] {
            // Delivered queued, into the thread the monitor lives in.
            QCOMPARE(QThread::currentThread(), thread());
        });
        const QList<MemorySample> samples = collect(monitor, 2, 3000);
        QVERIFY2(samples.size() >= 2, qPrintable(QString::number(samples.size())));
        for (const MemorySample& sample : samples) {
            QCOMPARE(sample.device, QStringLiteral("cpu"));
            QVERIFY(!sample.isGpu);
            QCOMPARE(sample.source, QStringLiteral("/proc/meminfo"));
            QVERIFY(sample.usedBytes > 0);
            QVERIFY(sample.totalBytes > sample.usedBytes);
            QVERIFY(sample.processBytes > 0);
            QVERIFY(sample.processBytes < sample.totalBytes);
        }
        // The sampler runs in the monitor's own, named thread.
        auto* samplerThread = monitor.findChild<QThread*>();
        QVERIFY(samplerThread);
        QVERIFY(samplerThread != thread());
        QVERIFY(samplerThread->isRunning());
        QCOMPARE(samplerThread->objectName(), QStringLiteral("kinora-resources"));
    }

    void stopsAndSamplesAtOnceOnDeviceChange() {
        ResourceMonitor monitor;
        monitor.setDevice(QStringLiteral("cpu"));
        monitor.setIntervalMs(100);
        QSignalSpy spy(&monitor, &ResourceMonitor::sampled);
        monitor.start();
        QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 3, 2000);
        monitor.stop();
        QTest::qWait(150);  // a sample already on its way may still arrive
        const auto stoppedAt = spy.size();
        QTest::qWait(400);
        QCOMPARE(spy.size(), stoppedAt);

        // While running, a new device is sampled at once rather than at the next tick.
        monitor.setIntervalMs(60000);
        monitor.start();
        QTRY_COMPARE(spy.size(), stoppedAt + 1);
        monitor.setDevice(QStringLiteral("CPU "));
        QTRY_COMPARE(spy.size(), stoppedAt + 2);
        QCOMPARE(monitor.device(), QStringLiteral("cpu"));
    }

    void cudaDevices_data() {
        QTest::addColumn<QString>("device");
        QTest::addColumn<bool>("expectGpu");
        QTest::addColumn<QString>("sourceMentions");
        const bool gpu = gpuPresent();
        QTest::newRow("cuda") << "cuda" << gpu
                              << (gpu ? QString() : QStringLiteral("libnvidia-ml.so.1"));
        QTest::newRow("no such GPU anywhere") << "cuda:999" << false << "cuda:999";
        QTest::newRow("unknown device") << "tpu" << false << "unknown device";
        QTest::newRow("auto") << "auto" << gpu << QString();
    }

    // Where no NVIDIA library loads (this machine) a CUDA request shows system RAM and says why;
    // where one does, it shows the GPU.
    void cudaDevices() {
        QFETCH(QString, device);
        QFETCH(bool, expectGpu);
        QFETCH(QString, sourceMentions);
        ResourceMonitor monitor;
        monitor.setDevice(device);
        const QList<MemorySample> samples = collect(monitor, 1, 3000);
        QVERIFY(!samples.isEmpty());
        const MemorySample& sample = samples.first();
        qInfo().noquote() << device << "->" << sample.device << "from" << sample.source;
        QCOMPARE(sample.isGpu, expectGpu);
        QCOMPARE(sample.device, expectGpu ? QStringLiteral("cuda:0") : QStringLiteral("cpu"));
        QVERIFY(sample.totalBytes > sample.usedBytes);
        QVERIFY(sample.usedBytes > 0);
        QVERIFY2(sample.source.contains(sourceMentions), qPrintable(sample.source));
        if (!expectGpu && device != QLatin1String("auto"))
            QVERIFY2(sample.source.startsWith(QStringLiteral("/proc/meminfo (")),
                     qPrintable(sample.source));
    }
};

QTEST_GUILESS_MAIN(TestResourceMonitor)
#include "tst_resourcemonitor.moc"
