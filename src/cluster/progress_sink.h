// ProgressSink: where long steps say what they are doing (which node, which table n of m), one
// line at a time. The CLI writes it to stderr; the Terraform provider to its log; tests record it.
#pragma once

#include <functional>
#include <string_view>

namespace ejcluster::cluster {

using ProgressSink = std::function<void(std::string_view line)>;

}  // namespace ejcluster::cluster
