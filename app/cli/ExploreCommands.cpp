// kinora-cli explore and refine: a matrix of candidates from one image, then one candidate
// re-run with one change.
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTextStream>

#include "CliCommands.h"
#include "JobOutput.h"
#include "RequestOptions.h"
#include "facade/ContactSheet.h"
#include "facade/Exploration.h"
#include "facade/GenerationService.h"
#include "facade/JobRunner.h"
#include "facade/RequestParameters.h"

namespace kinora::cli {

int runExplore(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Explore candidates from one image: every prompt variant x every seed, with the fast "
        "preset unless --preset or other flags say otherwise. One model load for the whole matrix; "
        "each prompt is encoded once and the image once. Writes into DIR the videos "
        "<image>_p<i>_s<seed>.<format> with their sidecars, contact-sheet.png (rows = prompts, "
        "columns = seeds, the middle frame of each) and explore.jsonl (one request per line: "
        "kinora-cli batch re-runs or resumes it). Candidates whose video exists are skipped."));
    parser.addHelpOption();
    RequestOptions options;
    options.output.setDescription(QStringLiteral("The folder to write the candidates into."));
    options.output.setValueName(QStringLiteral("DIR"));
    options.seeds.setDescription(QStringLiteral("The seeds, comma-separated, e.g. 1,2,3."));
    options.preset.setDescription(
        QStringLiteral("fast, balanced, quality or native (default: fast)."));
    // Flags of a single job that the matrix replaces: refused below, so not offered.
    const std::initializer_list<QCommandLineOption*> singleJobOptions{
        &options.prompt, &options.seed,   &options.candidates,
        &options.from,   &options.engine, &options.force};
    for (auto* option : singleJobOptions)
        option->setFlags(QCommandLineOption::HiddenFromHelp);
    options.addTo(parser);
    const QCommandLineOption prompts{
        "prompts",
        "The prompt variants: a file with one prompt per line, or prompts separated by |.",
        "FILE_OR_LIST"};
    const QCommandLineOption animatedSheet{
        "animated-sheet",
        "Also write the contact sheet over all frames as contact-sheet.<FMT> (gif, mp4, webm).",
        "FMT"};
    parser.addOptions({prompts, animatedSheet});
    if (const auto exit = parseCommandLine(parser, QStringLiteral("explore"), arguments))
        return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        err() << "kinora-cli explore: unexpected argument " << parser.positionalArguments().front()
              << " (options start with --)\n";
        return kExitUsage;
    }
    for (const auto* option : singleJobOptions) {
        if (parser.isSet(*option)) {
            err() << "kinora-cli explore: --" << option->names().front()
                  << " does not apply (give --prompts and --seeds)\n";
            return kExitUsage;
        }
    }
    for (const QCommandLineOption* option : std::initializer_list<const QCommandLineOption*>{
             &options.image, &prompts, &options.seeds, &options.output}) {
        if (!parser.isSet(*option)) {
            err() << "kinora-cli explore: --" << option->names().front() << " is required\n";
            return kExitUsage;
        }
    }
    QString error;
    const auto promptList = readPromptList(parser.value(prompts));
    const auto seedList = promptList ? readSeedList(parser.value(options.seeds))
                                     : Expected<QList<quint64>>(tl::unexpect, promptList.error());
    if (!seedList)
        error = seedList.error().message;
    auto base = seedList ? buildRequest(false, parser, options, &error, QStringLiteral("fast"))
                         : std::optional<GenerationRequest>();
    if (!base) {
        err() << "kinora-cli explore: " << error << "\n";
        return kExitUsage;
    }
    // Absolute paths, so explore.jsonl runs from any folder.
    base->imagePath = QFileInfo(base->imagePath).absoluteFilePath();
    if (!base->modelFolder.isEmpty())
        base->modelFolder = QFileInfo(base->modelFolder).absoluteFilePath();
    base->prompt = promptList->front();
    if (const auto problems = validateRequest(*base); !problems.isEmpty()) {
        for (const auto& problem : problems)
            err() << "kinora-cli explore: " << problem.message << "\n  remedy: " << problem.remedy
                  << "\n";
        return kExitUsage;
    }
    if (base->modelFolder.isEmpty()) {
        err() << "kinora-cli explore: no model folder: pass --model DIR or set KINORA_MODEL\n";
        return kExitUsage;
    }
    const QString folder = QFileInfo(parser.value(options.output)).absoluteFilePath();
    if (!QDir().mkpath(folder)) {
        err() << "kinora-cli explore: cannot create the folder " << folder << "\n";
        return kExitFailure;
    }
    ExplorationOptions layout;
    layout.outputFolder = folder;
    layout.preset.clear();  // the flags already started from the preset
    const auto candidates = explorationMatrix(*base, *promptList, *seedList, layout);

    // The job list first: an interrupted exploration resumes with kinora-cli batch.
    const QString jobsPath = QDir(folder).filePath(QStringLiteral("explore.jsonl"));
    QSaveFile jobs(jobsPath);
    if (jobs.open(QIODevice::WriteOnly | QIODevice::Text)) {
        for (const auto& candidate : candidates)
            jobs.write(QJsonDocument(candidate.request.toJson()).toJson(QJsonDocument::Compact) +
                       '\n');
    }
    if (!jobs.commit()) {
        err() << "kinora-cli explore: " << jobsPath << ": cannot write: " << jobs.errorString()
              << "\n";
        return kExitFailure;
    }

    JobRunnerSettings runnerSettings;
    if (parser.isSet(options.threads))
        runnerSettings.threads = parser.value(options.threads).toInt();
    runnerSettings.keepLatents = parser.isSet(options.keepLatents);
    JobRunner runner(runnerSettings);
    QList<JobRunner::Job> candidateJobs;
    for (const auto& candidate : candidates)
        candidateJobs << JobRunner::Job{candidate.request, candidate.request.origin, {}, {}};
    QElapsedTimer timer;
    timer.start();
    JobRunner::Summary summary;
    const int exitCode = runJobs(runner, candidateJobs, parser.isSet(options.json), true, &summary);
    err() << "kinora-cli explore: " << summary.succeeded << " succeeded, " << summary.failed
          << " failed, " << summary.skipped << " skipped"
          << (summary.interrupted ? ", interrupted" : "") << " in "
          << formatSeconds(timer.elapsed() / 1000.0) << "; the text encoder ran "
          << runner.textEncoderRuns() << " times and the image encoder "
          << runner.imageEncoderRuns() << " times for " << candidates.size()
          << " candidates (the rest came from the cache)\n";

    QStringList missing;
    const ContactSheetGrid grid = contactSheetGrid(candidates, &missing);
    const QString sheetPath = QDir(folder).filePath(QStringLiteral("contact-sheet.png"));
    if (const auto written = writeContactSheet(grid, sheetPath); !written) {
        err() << "kinora-cli explore: " << written.error().describe() << "\n";
        return kExitFailure;
    }
    if (!missing.isEmpty())
        err() << "kinora-cli explore: the contact sheet lacks "
              << missing.join(QStringLiteral(", ")) << "\n";
    out() << sheetPath << "\n";
    if (parser.isSet(animatedSheet)) {
        const QString animatedPath =
            QDir(folder).filePath(QStringLiteral("contact-sheet.") + parser.value(animatedSheet));
        if (const auto written = writeAnimatedContactSheet(grid, animatedPath, base->outputFps);
            !written) {
            err() << "kinora-cli explore: " << written.error().describe() << "\n";
            return kExitFailure;
        }
        out() << animatedPath << "\n";
    }
    out() << jobsPath << "\n";
    out().flush();
    return exitCode;
}

int runRefine(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Refine a candidate: re-run its request (from its sidecar or video) with one change, the "
        "seed and prompt kept unless the change is the prompt. The new video goes beside the "
        "candidate unless --output says otherwise; its sidecar records the candidate as its "
        "parent and what changed as its origin. Prints what to expect."));
    parser.addHelpOption();
    const QCommandLineOption steps{"steps", "More DDIM steps: the new step count.", "N"};
    const auto& guidanceSpec = parameterSpec(RequestParameter::Guidance);
    const QCommandLineOption guidanceUp{
        "guidance-up",
        QStringLiteral("Guidance +1 (follows the prompt more closely; useful range %1 to %2).")
            .arg(formatParameterValue(guidanceSpec.id, guidanceSpec.useful.low),
                 formatParameterValue(guidanceSpec.id, guidanceSpec.useful.high))};
    const QCommandLineOption guidanceDown{"guidance-down",
                                          "Guidance -1 (looser, more natural motion)."};
    const QCommandLineOption prompt{"prompt", "A sharpened prompt.", "TEXT"};
    const QCommandLineOption finalise{
        "finalise",
        "Final render with the quality or native preset (the tuned guidance stays). A change of "
        "size or frame count changes the composition.",
        "PRESET"};
    const QCommandLineOption output{"output", "The video to write.", "PATH"};
    const QCommandLineOption model{
        "model", "Model folder (default: the candidate's, else $KINORA_MODEL).", "DIR"};
    const QCommandLineOption threads{"threads", "CPU threads for the model.", "N"};
    const QCommandLineOption json{"json", "Machine-readable progress and results."};
    parser.addOptions(
        {steps, guidanceUp, guidanceDown, prompt, finalise, output, model, threads, json});
    parser.addPositionalArgument(QStringLiteral("SIDECAR_OR_VIDEO"),
                                 QStringLiteral("The candidate's sidecar (.json) or video."));
    if (const auto exit = parseCommandLine(parser, QStringLiteral("refine"), arguments))
        return *exit;
    if (parser.positionalArguments().size() != 1) {
        err() << "kinora-cli refine: give exactly one SIDECAR_OR_VIDEO\n";
        return kExitUsage;
    }
    std::optional<RefineStep> step;
    int kinds = 0;
    if (parser.isSet(steps)) {
        ++kinds;
        bool ok = false;
        step = RefineStep::moreSteps(parser.value(steps).toInt(&ok));
        if (!ok) {
            err() << "kinora-cli refine: --steps needs an integer\n";
            return kExitUsage;
        }
    }
    if (parser.isSet(guidanceUp)) {
        ++kinds;
        step = RefineStep::guidanceUp();
    }
    if (parser.isSet(guidanceDown)) {
        ++kinds;
        step = RefineStep::guidanceDown();
    }
    if (parser.isSet(prompt)) {
        ++kinds;
        step = RefineStep::sharpenedPrompt(parser.value(prompt));
    }
    if (parser.isSet(finalise)) {
        ++kinds;
        step = RefineStep::finalise(parser.value(finalise));
    }
    if (kinds != 1) {
        err() << "kinora-cli refine: give exactly one of --steps, --guidance-up, --guidance-down, "
                 "--prompt, --finalise\n";
        return kExitUsage;
    }
    const QString given = parser.positionalArguments().front();
    auto parent = requestFromRecord(given);
    if (!parent) {
        err() << "kinora-cli refine: " << parent.error().message << "\n";
        return kExitFailure;
    }
    // The lineage names the sidecar where there is one: it holds the full record.
    const QString record = given.endsWith(QLatin1String(".json"), Qt::CaseInsensitive) ||
                                   !QFileInfo::exists(sidecarPathFor(given))
                               ? given
                               : sidecarPathFor(given);
    if (parser.isSet(model))
        parent->modelFolder = parser.value(model);
    if (parent->modelFolder.isEmpty())
        parent->modelFolder = qEnvironmentVariable("KINORA_MODEL");
    auto refinement = refinedRequest(*parent, record, *step);
    if (!refinement) {
        err() << "kinora-cli refine: " << refinement.error().message << "\n";
        return kExitUsage;
    }
    if (parser.isSet(output)) {
        const QString format = refinement->request.format;
        if (format != QLatin1String("png") &&
            !parser.value(output).endsWith(QLatin1Char('.') + format, Qt::CaseInsensitive)) {
            err() << "kinora-cli refine: the output " << parser.value(output)
                  << " does not end in ." << format << " (the candidate's format)\n";
            return kExitUsage;
        }
        refinement->request.outputPath = parser.value(output);
    }
    err() << "kinora-cli refine: " << refinement->note << "\n";
    JobRunnerSettings runnerSettings;
    if (parser.isSet(threads))
        runnerSettings.threads = parser.value(threads).toInt();
    JobRunner runner(runnerSettings);
    return runJobs(runner, {{refinement->request, QString(), {}, {}}}, parser.isSet(json), false);
}

}  // namespace kinora::cli
