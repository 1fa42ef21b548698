// schema.h's plain schemas as tfplugin6 Schema messages, and diagnostics as Diagnostic messages.
#pragma once

#include "desired_config.h"
#include "schema.h"
#include "tfplugin6.pb.h"

namespace ejcluster::tf {

void to_proto(const Block& block, tfplugin6::Schema* out);
void to_proto(const Diagnostic& diagnostic, tfplugin6::Diagnostic* out);

template <typename RepeatedField>
void add_diagnostics(const Diagnostics& diagnostics, RepeatedField* out) {
  for (const auto& d : diagnostics) to_proto(d, out->Add());
}

}  // namespace ejcluster::tf
