// The data source ejcluster_status: what `ejcluster status` reports for the listed nodes.
// Unreachable nodes are warnings (and listed in `unreachable`), not errors. The `cookie`
// attribute reads back as null, so it never reaches the state.
#pragma once

#include "provider_context.h"

namespace ejcluster::tf {

Diagnostics validate_status(const Value& config);
Result read_status(ProviderContext& context, const Value& config);

}  // namespace ejcluster::tf
