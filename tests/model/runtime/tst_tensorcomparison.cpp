// The tolerance policy itself (model/TensorComparison.h): the formula, what each named bound lets
// through (rounding of another summation order, on values of any magnitude) and what it must
// catch (one wrong element, a wrong-order reshape, NaN, a wrong shape), on synthetic tensors and on
// the fixture's own model outputs.
// ATen's full headers come before Qt's: they use `slots` as a name, which Qt defines as a macro.
#include <ATen/ATen.h>

#include <QTest>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/Golden.h"
#include "model/runtime/TensorComparison.h"

using namespace kinora::model;

Q_DECLARE_METATYPE(kinora::model::Tolerance)

namespace {

const std::vector<Tolerance>& floatPolicies() {
    static const std::vector<Tolerance> policies = {tolerance::kReordered, tolerance::kComponent,
                                                    tolerance::kNetwork, tolerance::kEndToEnd};
    return policies;
}

std::vector<Tolerance> allPolicies() {
    auto policies = floatPolicies();
    policies.insert(policies.begin(), tolerance::kExact);
    policies.push_back(tolerance::kReducedPrecision);
    return policies;
}

// Values around 36 like the attention output of tst_weightloading: [4, 50].
at::Tensor largeValues() {
    at::manual_seed(3);
    return 36.0 + at::randn({4, 50}, at::kFloat);
}

// The flat index of the element of largest magnitude: where the element-wise bound is loosest.
std::int64_t largestAt(const at::Tensor& tensor) {
    return tensor.abs().flatten().argmax().item<std::int64_t>();
}

at::Tensor withElementChanged(const at::Tensor& tensor, std::int64_t index, double by) {
    auto changed = tensor.clone();
    auto flat = changed.view({-1});
    flat[index] += by;
    return changed;
}

// Real model outputs of the fixture: what a bound has to judge in practice.
std::vector<std::pair<std::string, at::Tensor>> fixtureOutputs() {
    using kinora::test::goldenTensors;
    using kinora::test::tensorNamed;
    const auto pipeline = goldenTensors("pipeline.safetensors");
    const auto decode = goldenTensors("vae_decode.safetensors");
    const auto image = goldenTensors("image.safetensors");
    const auto text = goldenTensors("text_encoder.safetensors");
    return {{"pipeline final_latents", tensorNamed(pipeline, "final_latents")},
            {"pipeline frames", tensorNamed(pipeline, "frames")},
            {"vae_decode frames_pt", tensorNamed(decode, "frames_pt")},
            {"image clip.image_embeds", tensorNamed(image, "clip.image_embeds")},
            {"text prompt.last_hidden_state", tensorNamed(text, "prompt.last_hidden_state")}};
}

}  // namespace

class TestTensorComparison : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // |a - b| <= atol + rtol |b| + scaleRtol max|b|, at the boundary and just beyond it.
    void boundIsTheFormula_data() {
        QTest::addColumn<double>("beyond");  // error as a multiple of the element's bound
        QTest::addColumn<bool>("pass");
        QTest::newRow("half the bound") << 0.5 << true;
        QTest::newRow("at the bound") << 0.999999 << true;
        QTest::newRow("beyond the bound") << 1.001 << false;
    }

    void boundIsTheFormula() {
        QFETCH(double, beyond);
        QFETCH(bool, pass);
        const Tolerance formula{"formula", 0.1, 0.01, 0.001};
        const auto expected = at::tensor({0.0, -2.0, 50.0, 1000.0}, at::kDouble);  // max|b| 1000
        for (std::int64_t i = 0; i < expected.size(0); ++i) {
            const double b = expected[i].item<double>();
            const double bound = 0.1 + 0.01 * std::abs(b) + 0.001 * 1000.0;
            const auto actual = withElementChanged(expected, i, beyond * bound);
            const auto comparison = compareTensors("formula", actual, expected, formula);
            QVERIFY2(comparison.pass == pass, comparison.describe().c_str());
            QCOMPARE(comparison.referenceScale, 1000.0);
            QVERIFY(std::abs(comparison.boundUsed - beyond) < 1e-9);
        }
    }

    // The failure on another CPU that began this policy: chunked attention off by 3.4e-5 on values
    // around 36, rounding of another summation order, passes; a plain 1e-6 absolute bound did not.
    void largeMagnitudeRoundingPasses() {
        const auto whole = largeValues();
        const auto chunked = withElementChanged(whole * (1 + 1e-7), 17, 3.4e-5);
        const auto comparison =
            compareTensors("chunked vs whole", chunked, whole, tolerance::kReordered);
        QVERIFY2(comparison.pass, comparison.describe().c_str());
        QVERIFY(comparison.maxAbsError > 1e-6);
        QVERIFY(comparison.maxRelError() < 1e-5);
        const Tolerance absoluteOnly{"absolute 1e-6", 1e-6, 0.0, 0.0};
        QVERIFY(!compareTensors("chunked vs whole", chunked, whole, absoluteOnly).pass);
    }

    // An element near zero computed from large terms carries their rounding: the scale term.
    void nearZeroElementOfLargeTensorPasses() {
        auto whole = largeValues();
        whole.view({-1})[5] = 0.0;
        const auto chunked = withElementChanged(whole, 5, 3.4e-5);
        for (const auto& policy : floatPolicies()) {
            const auto comparison = compareTensors("near zero", chunked, whole, policy);
            QVERIFY2(comparison.pass, comparison.describe().c_str());
        }
    }

    void oneWrongElementFails_data() {
        QTest::addColumn<Tolerance>("policy");
        QTest::addColumn<double>("caught");  // smallest one-element error, times max|b|, caught
        for (const auto& policy : floatPolicies())
            QTest::newRow(policy.kind) << policy << 0.01;
        QTest::newRow(tolerance::kReducedPrecision.kind) << tolerance::kReducedPrecision << 0.5;
    }

    // One element off by a small fraction of the tensor's scale fails every bound: on synthetic
    // values and on every fixture output, at its largest element (where the bound is loosest).
    void oneWrongElementFails() {
        QFETCH(Tolerance, policy);
        QFETCH(double, caught);
        auto outputs = fixtureOutputs();
        outputs.emplace_back("values around 36", largeValues());
        for (const auto& [name, expected] : outputs) {
            const auto at = largestAt(expected);
            const double scale = expected.abs().max().item<double>();
            QVERIFY(scale > 0);
            const auto wrong = withElementChanged(expected, at, -caught * scale);
            const auto comparison = compareTensors(name, wrong, expected, policy);
            QVERIFY2(!comparison.pass, comparison.describe().c_str());
            QVERIFY(comparison.detail.find(std::to_string(at)) != std::string::npos);
            QVERIFY2(compareTensors(name, expected.clone(), expected, policy).pass, name.c_str());
        }
    }

    void wrongOrderReshapeFails_data() {
        QTest::addColumn<Tolerance>("policy");
        for (const auto& policy : allPolicies())
            QTest::newRow(policy.kind) << policy;
    }

    // The same values in another layout (a transpose where a reshape belonged, frames and
    // channels swapped): fails every bound, on every fixture output.
    void wrongOrderReshapeFails() {
        QFETCH(Tolerance, policy);
        for (const auto& [name, expected] : fixtureOutputs()) {
            // Rows: the first dimension above 1 other than the last, else halves of a vector.
            std::int64_t rows = 2;
            for (std::int64_t d = 0; d + 1 < expected.dim(); ++d) {
                if (expected.size(d) > 1) {
                    rows = expected.size(d);
                    break;
                }
            }
            QVERIFY(expected.numel() % rows == 0);
            const auto reordered = expected.flatten()
                                       .view({rows, -1})
                                       .t()
                                       .contiguous()
                                       .view(expected.sizes());  // [rows, n / rows] read by columns
            const auto comparison = compareTensors(name, reordered, expected, policy);
            QVERIFY2(!comparison.pass, comparison.describe().c_str());
        }
    }

    void nonFiniteFails_data() {
        QTest::addColumn<double>("value");
        QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN();
        QTest::newRow("infinity") << std::numeric_limits<double>::infinity();
    }

    void nonFiniteFails() {
        QFETCH(double, value);
        const auto expected = largeValues();
        auto actual = expected.clone();
        actual.view({-1})[3] = value;
        for (const auto& policy : allPolicies()) {
            const auto comparison = compareTensors("non-finite", actual, expected, policy);
            QVERIFY2(!comparison.pass, comparison.describe().c_str());
            QVERIFY(std::isinf(comparison.maxAbsError));
        }
    }

    void shapeMismatchFails() {
        const auto expected = largeValues();  // [4, 50]
        const auto comparison = compareTensors("reshaped", expected.view({50, 4}), expected,
                                               tolerance::kReducedPrecision);
        QVERIFY(!comparison.pass);
        QVERIFY(!comparison.shapesMatch);
        QVERIFY2(comparison.detail.find("[50, 4]") != std::string::npos, comparison.detail.c_str());
    }

    void exactMeansEqual() {
        const auto ids = at::arange(10, at::kLong);
        QVERIFY(compareTensors("ids", ids.clone(), ids, tolerance::kExact).pass);
        auto otherIds = ids.clone();
        otherIds[4] = 5;
        QVERIFY(!compareTensors("ids", otherIds, ids, tolerance::kExact).pass);
        const auto values = largeValues();
        const auto oneUlp = at::nextafter(values, values + 1);
        QVERIFY(!compareTensors("one ulp", oneUlp, values, tolerance::kExact).pass);
        QVERIFY(compareTensors("one ulp", oneUlp, values, tolerance::kReordered).pass);
    }

    void emptyTensorsAreEqual() {
        const auto empty = at::zeros({0, 3});
        QVERIFY(compareTensors("empty", empty, empty.clone(), tolerance::kExact).pass);
    }

    // The bounds are ordered: each kind of comparison allows at least what a tighter one does.
    void boundsGrowWithTheDistance() {
        const auto policies = allPolicies();
        for (std::size_t i = 1; i < policies.size(); ++i) {
            QVERIFY2(policies[i].atol >= policies[i - 1].atol, policies[i].kind);
            QVERIFY2(policies[i].rtol >= policies[i - 1].rtol, policies[i].kind);
            QVERIFY2(policies[i].scaleRtol >= policies[i - 1].scaleRtol, policies[i].kind);
        }
        QCOMPARE(tolerance::kComponent.scaledBy(3).atol, 3 * tolerance::kComponent.atol);
        QVERIFY(tolerance::kExact.scaledBy(10).isExact());
    }

    void describeNamesTheBoundAndTheResult() {
        const auto expected = largeValues();
        const auto failed = compareTensors("unet out", withElementChanged(expected, 0, 1.0),
                                           expected, tolerance::kNetwork);
        const auto text = failed.describe();
        QVERIFY2(text.find("unet out") != std::string::npos, text.c_str());
        QVERIFY2(text.find(tolerance::kNetwork.kind) != std::string::npos, text.c_str());
        QVERIFY2(text.find("FAIL") != std::string::npos, text.c_str());
        QVERIFY2(text.find("flat index 0") != std::string::npos, text.c_str());
    }
};

QTEST_GUILESS_MAIN(TestTensorComparison)
#include "tst_tensorcomparison.moc"
