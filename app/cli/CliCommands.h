// The commands of kinora-cli. Each takes its own arguments (after the command name) and returns
// the process exit code: 0 success, 1 the work failed, 2 the command line was wrong.
#pragma once

#include <QCommandLineParser>
#include <QStringList>
#include <QTextStream>

#include <optional>

namespace kinora::cli {

enum ExitCode { kExitOk = 0, kExitFailure = 1, kExitUsage = 2 };

QTextStream& out();
QTextStream& err();

// Parses a command's arguments: an exit code when the command should stop here (help printed, or
// a usage error reported, --threads that is not a positive integer among them), nothing when it
// should run.
std::optional<int> parseCommandLine(QCommandLineParser& parser, const QString& command,
                                    const QStringList& arguments);

int runInspect(const QStringList& arguments);
int runGenerate(const QStringList& arguments);
int runDecode(const QStringList& arguments);
int runBatch(const QStringList& arguments);
int runDoctor(const QStringList& arguments);
int runExplore(const QStringList& arguments);
int runRefine(const QStringList& arguments);
int runPlan(const QStringList& arguments);

}  // namespace kinora::cli
