// The diagnostics panel: shows the facade's report for the request it is given, checks off the UI
// thread, and turns a double-click on a fixable finding into the fix.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include "common/Fixture.h"
#include "facade/Diagnostics.h"
#include "ui/DiagnosticsPanel.h"

using namespace kinora;
using kinora::ui::DiagnosticsPanel;

namespace {

int findingCount(const DiagnosticsReport& report) {
    return int(report.prompt.size() + report.parameters.size() + report.image.size());
}

GenerationRequest trapRequest() {
    GenerationRequest request;
    request.modelFolder = test::fixtureDir();
    request.imagePath = test::goldenDir() + QStringLiteral("/input.png");
    request.prompt = QStringLiteral("make it dynamic and beautiful");
    request.steps = 20;
    request.guidance = 12.0;
    return request;
}

}  // namespace

class TestDiagnosticsPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheFacadesReport() {
        DiagnosticsPanel panel;
        QSignalSpy changed(&panel, &DiagnosticsPanel::reportChanged);
        const GenerationRequest request = trapRequest();
        panel.setRequest(request);
        // The UI thread keeps turning while the picture is analysed.
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, this, [&] { ++ticks; });
        timer.start(5);
        QVERIFY(changed.wait(30000));
        QVERIFY(panel.isCurrent());
        const DiagnosticsReport expected = diagnose(request);
        QCOMPARE(findingCount(panel.report()), findingCount(expected));
        QVERIFY(findingCount(expected) > 0);
        auto* list = panel.findChild<QTreeWidget*>(QStringLiteral("diagnosticsList"));
        QCOMPARE(list->topLevelItemCount(), findingCount(expected));
        QVERIFY(list->topLevelItem(0)->text(0).contains(expected.prompt.front().message));
        QVERIFY(ticks > 0);
    }

    void typingStartsOneCheck() {
        DiagnosticsPanel panel;
        QSignalSpy changed(&panel, &DiagnosticsPanel::reportChanged);
        GenerationRequest request = trapRequest();
        request.imagePath.clear();
        for (const char* prompt : {"a", "a c", "a ca", "a cat walking slowly to the left"}) {
            request.prompt = QString::fromUtf8(prompt);
            panel.setRequest(request);
        }
        QVERIFY(changed.wait(30000));
        QTest::qWait(600);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(findingCount(panel.report()), findingCount(diagnose(request)));
    }

    void doubleClickAppliesAFix() {
        DiagnosticsPanel panel;
        panel.show();
        QSignalSpy changed(&panel, &DiagnosticsPanel::reportChanged);
        QSignalSpy changes(&panel, &DiagnosticsPanel::changesChosen);
        QSignalSpy rewrites(&panel, &DiagnosticsPanel::promptRewriteChosen);
        const GenerationRequest request = trapRequest();
        panel.setRequest(request);
        QVERIFY(changed.wait(30000));
        const DiagnosticsReport& report = panel.report();
        auto* list = panel.findChild<QTreeWidget*>(QStringLiteral("diagnosticsList"));
        int fixable = -1;
        for (int index = 0; index < report.parameters.size() && fixable < 0; ++index) {
            if (!report.parameters[index].changes.isEmpty())
                fixable = int(report.prompt.size()) + index;
        }
        QVERIFY2(fixable >= 0, "20 steps at guidance 12 has a fix with settings");
        Q_EMIT list->itemActivated(list->topLevelItem(fixable), 0);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.front().front().toJsonObject(),
                 report.parameters[fixable - report.prompt.size()].changes);

        int rewritable = -1;
        for (int index = 0; index < report.prompt.size() && rewritable < 0; ++index) {
            if (!report.prompt[index].suggestion.isEmpty())
                rewritable = index;
        }
        QVERIFY2(rewritable >= 0, "an abstract prompt has a rewrite");
        Q_EMIT list->itemActivated(list->topLevelItem(rewritable), 0);
        QCOMPARE(rewrites.size(), 1);
        QCOMPARE(rewrites.front().front().toString(), report.prompt[rewritable].suggestion);
    }
};

QTEST_MAIN(TestDiagnosticsPanel)
#include "tst_diagnosticspanel.moc"
