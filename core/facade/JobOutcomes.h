// The outcomes a job of the generation service ends with when it does not succeed, as the
// service, its torch bridge and its record writer build them. Facade-private.
#pragma once

#include <QString>

#include "facade/GenerationOutcome.h"

namespace kinora {

inline GenerationOutcome failedOutcome(const QString& message, const QString& remedy,
                                       const QString& detail = {}) {
    GenerationOutcome outcome;
    outcome.status = GenerationOutcome::Status::Failed;
    outcome.message = message;
    outcome.remedy = remedy;
    outcome.detail = detail;
    return outcome;
}

inline GenerationOutcome cancelledOutcome() {
    GenerationOutcome outcome;
    outcome.status = GenerationOutcome::Status::Cancelled;
    outcome.message = QStringLiteral("Cancelled: nothing was written");
    return outcome;
}

}  // namespace kinora
