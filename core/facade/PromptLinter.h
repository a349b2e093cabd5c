// The prompt linter: finds what I2VGen-XL cannot map to motion (PRODUCT_NOTES part 2) before a
// run, each finding with the offending span and a concrete rewrite. The text steers denoising
// through CLIP cross-attention, so the model reproduces motions it has seen described; it does
// not act on evaluations, vague wishes, contradictions, text it cannot read, or words past its
// 77-token window. The rules, their word lists and their English and Chinese messages are data
// (resources/prompt_rules.json); suggestions draw on the motion keyword library.
#pragma once

#include <QList>
#include <QString>

#include <functional>

#include "facade/Finding.h"

namespace kinora {

struct PromptLintOptions {
    // Tokens the text encoder sees for `text`, without its start and end markers. The over-long
    // check runs only when both callbacks are set (the CLIP tokenizer provides them).
    std::function<int(const QString& text)> tokenCount;
    // The longest prefix of `text`, exactly as written, whose tokens fit the encoder's window.
    std::function<QString(const QString& text)> truncatedText;
    // Language of the messages: "zh" or "zh_CN" (any "zh...") for Simplified Chinese, otherwise
    // English. Suggested rewrites are always English: that is what the model reads.
    QString language = QStringLiteral("en");
};

// Findings ordered by where their span starts. An empty prompt has none (validateRequest
// reports it).
QList<Finding> lintPrompt(const QString& prompt, const PromptLintOptions& options = {});

// Problems in the compiled-in rules file (empty when it loaded cleanly); a test guards it.
QStringList promptRuleProblems();

}  // namespace kinora
