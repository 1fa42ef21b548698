#include "provider_context.h"

#include <iostream>

namespace ejcluster::tf {

cluster::ProgressSink ProviderContext::progress() const {
  return [](std::string_view line) { std::cerr << "[INFO] ejcluster: " << line << std::endl; };
}

}  // namespace ejcluster::tf
