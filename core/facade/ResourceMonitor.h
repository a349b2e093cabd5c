// Memory of the device that runs a job, sampled about once a second on a thread of its own (a
// /proc read or a driver call never stalls the UI), delivered as a value through a queued signal.
//
// CPU: system RAM from /proc/meminfo (used = MemTotal - MemAvailable) and this process's resident
// set from /proc/self/status. CUDA: the NVIDIA driver's NVML (libnvidia-ml.so.1), or when that is
// absent the CUDA runtime's cudaMemGetInfo (libcudart), both loaded with dlopen at run time, so
// the build needs neither and a machine without them still runs. Where neither can be loaded a
// CUDA request shows system RAM and says so in the sample's `source`.
//
// The CUDA path is written against NVML's and the CUDA runtime's documented C interfaces but was
// only exercised here without a GPU (where it falls back): it has not run on a GPU machine yet.
#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

#include <optional>

class QThread;

namespace kinora {

struct MemorySample {
    QString device;            // what was measured: "cpu", "cuda:0", ...
    qint64 usedBytes = 0;      // by everything on the device
    qint64 totalBytes = 0;     // 0: nothing could be read
    qint64 processBytes = -1;  // this process's share (RSS, or its VRAM); -1 when unknown
    bool isGpu = false;
    QString source;  // where the numbers come from, and why, for a tooltip or the log

    bool isValid() const { return totalBytes > 0; }
};

// /proc/meminfo: MemTotal and MemAvailable in bytes (before Linux 3.14 there is no MemAvailable:
// then MemFree + Buffers + Cached, what `free` used to show). nullopt without MemTotal.
struct SystemMemory {
    qint64 totalBytes = 0;
    qint64 availableBytes = 0;
};
std::optional<SystemMemory> parseMeminfo(const QString& text);

// VmRSS of a /proc/<pid>/status text in bytes; -1 when it has none (kernel threads).
qint64 parseProcessRss(const QString& statusText);

// One CPU sample now, from this machine's /proc.
MemorySample sampleSystemMemory();

class ResourceMonitor : public QObject {
    Q_OBJECT
public:
    explicit ResourceMonitor(QObject* parent = nullptr);
    // Stops sampling and joins the thread.
    ~ResourceMonitor() override;

    // "auto" (cuda:0 where a driver finds a GPU, else cpu), "cpu", "cuda" (cuda:0) or "cuda:N".
    // Takes effect with the next sample, which comes at once while running.
    void setDevice(const QString& device);
    QString device() const { return device_; }

    void setIntervalMs(int milliseconds);
    int intervalMs() const { return intervalMs_; }

    // Samples at once, then every interval, until stop().
    void start();
    void stop();
    bool isRunning() const { return running_; }

Q_SIGNALS:
    void sampled(const kinora::MemorySample& sample);

private:
    class Sampler;
    QThread* thread_ = nullptr;
    Sampler* sampler_ = nullptr;
    QString device_ = QStringLiteral("auto");
    int intervalMs_ = 1000;
    bool running_ = false;
};

}  // namespace kinora

Q_DECLARE_METATYPE(kinora::MemorySample)
