#include "facade/ResourceMonitor.h"

#include <QFile>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "facade/Logging.h"

namespace kinora {

namespace {

// "<Key>:   <number> kB" lines of a /proc file, in bytes; -1 when the key is absent.
qint64 procKilobytes(const QString& text, QLatin1String key) {
    static const QRegularExpression line(QStringLiteral(R"(^(\w+):\s+(\d+)\s*kB\s*$)"),
                                         QRegularExpression::MultilineOption);
    for (auto it = line.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        if (match.capturedView(1) == key)
            return match.capturedView(2).toLongLong() * 1024;
    }
    return -1;
}

QString readProcFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromLatin1(file.readAll());
}

// The index of "cuda" (0) or "cuda:N"; nullopt for anything else.
std::optional<int> cudaIndex(const QString& device) {
    if (device == QLatin1String("cuda"))
        return 0;
    if (!device.startsWith(QLatin1String("cuda:")))
        return std::nullopt;
    bool ok = false;
    const int index = device.mid(5).toInt(&ok);
    return ok && index >= 0 ? std::optional<int>(index) : std::nullopt;
}

// NVIDIA's GPU memory, through whichever of NVML or the CUDA runtime can be loaded. Minimal
// declarations of the few entry points used, so no CUDA header or library is needed to build.
// Loaded on first use, in the thread that samples; unloaded when destroyed.
class GpuMemoryReader {
public:
    GpuMemoryReader() = default;
    GpuMemoryReader(const GpuMemoryReader&) = delete;
    GpuMemoryReader& operator=(const GpuMemoryReader&) = delete;
    ~GpuMemoryReader() {
        if (nvml_) {
            nvmlShutdown_();
            dlclose(nvml_);
        }
        if (cudart_)
            dlclose(cudart_);
    }

    // How many GPUs the loaded library sees; 0 when neither library loads.
    int deviceCount() {
        load();
        if (nvml_) {
            unsigned int count = 0;
            return nvmlDeviceGetCount_(&count) == kNvmlSuccess ? int(count) : 0;
        }
        if (cudart_) {
            int count = 0;
            return cudaGetDeviceCount_(&count) == kCudaSuccess ? count : 0;
        }
        return 0;
    }

    // Device `index`'s memory, or nullopt with why in `failure()`.
    std::optional<MemorySample> sample(int index) {
        load();
        if (nvml_)
            return sampleNvml(index);
        if (cudart_)
            return sampleCudart(index);
        return std::nullopt;
    }

    // Why the last sample() failed, with why libraries tried before were not used.
    QString failure() const {
        return (loadProblems_ + QStringList{sampleFailure_}).join(QStringLiteral("; "));
    }

private:
    using NvmlReturn = int;
    using NvmlDevice = struct NvmlDeviceOpaque*;
    struct NvmlMemory {
        unsigned long long total;
        unsigned long long free;
        unsigned long long used;
    };
    // nvmlProcessInfo_v2_t; the _v3 query takes the same layout.
    struct NvmlProcessInfo {
        unsigned int pid;
        unsigned long long usedGpuMemory;
        unsigned int gpuInstanceId;
        unsigned int computeInstanceId;
    };
    static constexpr NvmlReturn kNvmlSuccess = 0;
    static constexpr NvmlReturn kNvmlInsufficientSize = 7;
    static constexpr unsigned long long kNvmlValueNotAvailable = ~0ULL;
    static constexpr int kCudaSuccess = 0;

    template <typename Function>
    static bool resolve(void* library, const char* name, Function& function) {
        function = reinterpret_cast<Function>(dlsym(library, name));
        return function != nullptr;
    }

    void load() {
        if (loadTried_)
            return;
        loadTried_ = true;
        if (loadNvml(loadProblems_) || loadCudart(loadProblems_))
            return;
        sampleFailure_ = QStringLiteral("so GPU memory cannot be read");
        qCInfo(lcUi).noquote() << "GPU memory cannot be read:"
                               << loadProblems_.join(QStringLiteral("; "));
    }

    bool loadNvml(QStringList& problems) {
        void* library = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
        if (!library) {
            problems << QStringLiteral("NVML (libnvidia-ml.so.1) not found");
            return false;
        }
        NvmlReturn (*init)() = nullptr;
        if (!resolve(library, "nvmlInit_v2", init) ||
            !resolve(library, "nvmlShutdown", nvmlShutdown_) ||
            !resolve(library, "nvmlDeviceGetCount_v2", nvmlDeviceGetCount_) ||
            !resolve(library, "nvmlDeviceGetHandleByIndex_v2", nvmlDeviceGetHandleByIndex_) ||
            !resolve(library, "nvmlDeviceGetMemoryInfo", nvmlDeviceGetMemoryInfo_)) {
            problems << QStringLiteral("NVML lacks the memory queries");
            dlclose(library);
            return false;
        }
        if (const NvmlReturn status = init(); status != kNvmlSuccess) {
            problems << QStringLiteral("NVML did not start (error %1)").arg(status);
            dlclose(library);
            return false;
        }
        // Optional: this process's share of the device.
        if (!resolve(library, "nvmlDeviceGetComputeRunningProcesses_v3", nvmlProcesses_))
            resolve(library, "nvmlDeviceGetComputeRunningProcesses_v2", nvmlProcesses_);
        nvml_ = library;
        return true;
    }

    bool loadCudart(QStringList& problems) {
        // The unversioned name comes with the development package only; runtimes install the
        // versioned ones.
        for (const char* name :
             {"libcudart.so", "libcudart.so.13", "libcudart.so.12", "libcudart.so.11.0"}) {
            void* library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
            if (!library)
                continue;
            if (resolve(library, "cudaGetDeviceCount", cudaGetDeviceCount_) &&
                resolve(library, "cudaSetDevice", cudaSetDevice_) &&
                resolve(library, "cudaMemGetInfo", cudaMemGetInfo_)) {
                resolve(library, "cudaGetErrorString", cudaGetErrorString_);
                cudart_ = library;
                cudartName_ = QString::fromLatin1(name);
                return true;
            }
            dlclose(library);
        }
        problems << QStringLiteral("CUDA runtime (libcudart) not found");
        return false;
    }

    std::optional<MemorySample> sampleNvml(int index) {
        NvmlDevice device = nullptr;
        NvmlMemory memory{};
        if (const NvmlReturn status = nvmlDeviceGetHandleByIndex_(unsigned(index), &device);
            status != kNvmlSuccess) {
            sampleFailure_ = QStringLiteral("NVML has no GPU %1 (error %2)").arg(index).arg(status);
            return std::nullopt;
        }
        if (const NvmlReturn status = nvmlDeviceGetMemoryInfo_(device, &memory);
            status != kNvmlSuccess) {
            sampleFailure_ = QStringLiteral("NVML cannot read GPU %1's memory (error %2)")
                                 .arg(index)
                                 .arg(status);
            return std::nullopt;
        }
        MemorySample sample;
        sample.device = QStringLiteral("cuda:%1").arg(index);
        sample.isGpu = true;
        sample.totalBytes = qint64(memory.total);
        sample.usedBytes = qint64(memory.used);
        sample.processBytes = processShare(device);
        sample.source = QStringLiteral("NVML (libnvidia-ml.so.1)");
        return sample;
    }

    // This process's VRAM as NVML accounts it; -1 where it cannot say (no query, a PID namespace
    // hiding our pid from the driver, or accounting that needs privileges).
    qint64 processShare(NvmlDevice device) {
        if (!nvmlProcesses_)
            return -1;
        std::vector<NvmlProcessInfo> processes(64);
        unsigned int count = unsigned(processes.size());
        NvmlReturn status = nvmlProcesses_(device, &count, processes.data());
        if (status == kNvmlInsufficientSize) {
            processes.resize(count + 16);
            count = unsigned(processes.size());
            status = nvmlProcesses_(device, &count, processes.data());
        }
        if (status != kNvmlSuccess)
            return -1;
        const unsigned int self = unsigned(getpid());
        for (unsigned int i = 0; i < count && i < processes.size(); ++i) {
            if (processes[i].pid == self && processes[i].usedGpuMemory != kNvmlValueNotAvailable)
                return qint64(processes[i].usedGpuMemory);
        }
        return -1;
    }

    QString cudaError(int status) const {
        const QString code = QStringLiteral("error %1").arg(status);
        if (!cudaGetErrorString_)
            return code;
        return code + QStringLiteral(": ") + QString::fromUtf8(cudaGetErrorString_(status));
    }

    // cudaMemGetInfo opens a CUDA context on the device (some hundred MB of VRAM) if this process
    // has none yet: a cost only where the driver's NVML is missing and a CUDA job runs anyway.
    std::optional<MemorySample> sampleCudart(int index) {
        if (const int status = cudaSetDevice_(index); status != kCudaSuccess) {
            sampleFailure_ = QStringLiteral("the CUDA runtime (%1) has no GPU %2 (%3)")
                                 .arg(cudartName_)
                                 .arg(index)
                                 .arg(cudaError(status));
            return std::nullopt;
        }
        size_t free = 0, total = 0;
        if (const int status = cudaMemGetInfo_(&free, &total); status != kCudaSuccess) {
            sampleFailure_ =
                QStringLiteral("the CUDA runtime (%1) cannot read GPU %2's memory (%3)")
                    .arg(cudartName_)
                    .arg(index)
                    .arg(cudaError(status));
            return std::nullopt;
        }
        MemorySample sample;
        sample.device = QStringLiteral("cuda:%1").arg(index);
        sample.isGpu = true;
        sample.totalBytes = qint64(total);
        sample.usedBytes = qint64(total - free);
        sample.source = QStringLiteral("CUDA runtime (%1)").arg(cudartName_);
        return sample;
    }

    bool loadTried_ = false;
    QStringList loadProblems_;
    QString sampleFailure_;

    void* nvml_ = nullptr;
    NvmlReturn (*nvmlShutdown_)() = nullptr;
    NvmlReturn (*nvmlDeviceGetCount_)(unsigned int*) = nullptr;
    NvmlReturn (*nvmlDeviceGetHandleByIndex_)(unsigned int, NvmlDevice*) = nullptr;
    NvmlReturn (*nvmlDeviceGetMemoryInfo_)(NvmlDevice, NvmlMemory*) = nullptr;
    NvmlReturn (*nvmlProcesses_)(NvmlDevice, unsigned int*, NvmlProcessInfo*) = nullptr;

    void* cudart_ = nullptr;
    QString cudartName_;
    int (*cudaGetDeviceCount_)(int*) = nullptr;
    int (*cudaSetDevice_)(int) = nullptr;
    int (*cudaMemGetInfo_)(size_t*, size_t*) = nullptr;
    const char* (*cudaGetErrorString_)(int) = nullptr;
};

}  // namespace

std::optional<SystemMemory> parseMeminfo(const QString& text) {
    const qint64 total = procKilobytes(text, QLatin1String("MemTotal"));
    if (total < 0)
        return std::nullopt;
    qint64 available = procKilobytes(text, QLatin1String("MemAvailable"));
    if (available < 0) {
        available = 0;
        for (const char* key : {"MemFree", "Buffers", "Cached"})
            available += std::max<qint64>(0, procKilobytes(text, QLatin1String(key)));
    }
    return SystemMemory{total, std::min(available, total)};
}

qint64 parseProcessRss(const QString& statusText) {
    return procKilobytes(statusText, QLatin1String("VmRSS"));
}

MemorySample sampleSystemMemory() {
    MemorySample sample;
    sample.device = QStringLiteral("cpu");
    sample.source = QStringLiteral("/proc/meminfo");
    if (const auto memory = parseMeminfo(readProcFile(QStringLiteral("/proc/meminfo")))) {
        sample.totalBytes = memory->totalBytes;
        sample.usedBytes = memory->totalBytes - memory->availableBytes;
    } else {
        sample.source = QStringLiteral("/proc/meminfo could not be read");
    }
    sample.processBytes = parseProcessRss(readProcFile(QStringLiteral("/proc/self/status")));
    return sample;
}

// Lives in the monitor's thread: owns the timer and the GPU libraries, and emits each sample,
// which reaches the monitor's thread through a queued connection.
class ResourceMonitor::Sampler : public QObject {
    Q_OBJECT
public:
    Sampler() : timer_(new QTimer(this)) {
        connect(timer_, &QTimer::timeout, this, &Sampler::sampleNow);
    }

    void setDevice(const QString& device) {
        device_ = device;
        if (timer_->isActive())
            sampleNow();
    }
    void setInterval(int milliseconds) { timer_->setInterval(milliseconds); }
    void start() {
        sampleNow();
        timer_->start();
    }
    void stop() { timer_->stop(); }

Q_SIGNALS:
    void sampled(const kinora::MemorySample& sample);

private:
    void sampleNow() { Q_EMIT sampled(measure()); }

    MemorySample measure() {
        if (device_ == QLatin1String("cpu"))
            return sampleSystemMemory();
        if (device_ == QLatin1String("auto")) {
            if (gpu_.deviceCount() > 0) {
                if (auto sample = gpu_.sample(0))
                    return *sample;
            }
            return sampleSystemMemory();
        }
        const std::optional<int> index = cudaIndex(device_);
        if (index) {
            if (auto sample = gpu_.sample(*index))
                return *sample;
        }
        MemorySample fallback = sampleSystemMemory();
        fallback.source =
            index ? QStringLiteral("%1 (%2 was asked for, but %3)")
                        .arg(fallback.source, device_, gpu_.failure())
                  : QStringLiteral("%1 (unknown device \"%2\")").arg(fallback.source, device_);
        return fallback;
    }

    QTimer* timer_;
    QString device_ = QStringLiteral("auto");
    GpuMemoryReader gpu_;
};

ResourceMonitor::ResourceMonitor(QObject* parent) : QObject(parent) {
    qRegisterMetaType<MemorySample>();
    thread_ = new QThread(this);
    thread_->setObjectName(QStringLiteral("kinora-resources"));
    sampler_ = new Sampler;
    sampler_->setInterval(intervalMs_);
    sampler_->moveToThread(thread_);
    connect(thread_, &QThread::finished, sampler_, &QObject::deleteLater);
    connect(sampler_, &Sampler::sampled, this, &ResourceMonitor::sampled, Qt::QueuedConnection);
    thread_->start();
}

ResourceMonitor::~ResourceMonitor() {
    thread_->quit();
    thread_->wait();
}

void ResourceMonitor::setDevice(const QString& device) {
    device_ = device.trimmed().toLower();
    QMetaObject::invokeMethod(
        sampler_, [sampler = sampler_, device = device_] { sampler->setDevice(device); });
}

void ResourceMonitor::setIntervalMs(int milliseconds) {
    intervalMs_ = std::max(50, milliseconds);
    QMetaObject::invokeMethod(
        sampler_, [sampler = sampler_, interval = intervalMs_] { sampler->setInterval(interval); });
}

void ResourceMonitor::start() {
    running_ = true;
    QMetaObject::invokeMethod(sampler_, [sampler = sampler_] { sampler->start(); });
}

void ResourceMonitor::stop() {
    running_ = false;
    QMetaObject::invokeMethod(sampler_, [sampler = sampler_] { sampler->stop(); });
}

}  // namespace kinora

#include "ResourceMonitor.moc"
