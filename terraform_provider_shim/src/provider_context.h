// What every resource and data source operation of one provider process shares: the way to the
// nodes, the provider block's cookie, and where progress lines go.
#pragma once

#include <mutex>
#include <optional>
#include <string>

#include "cluster/progress_sink.h"
#include "cluster_access.h"
#include "desired_config.h"

namespace ejcluster::tf {

class ProviderContext {
 public:
  ClusterAccess& access() { return access_; }

  CookieDefaults cookie_defaults() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return defaults_;
  }
  void set_cookie_defaults(CookieDefaults defaults) {
    std::lock_guard<std::mutex> lock(mutex_);
    defaults_ = std::move(defaults);
  }

  // Progress of long steps: stderr, which Terraform keeps in its log (TF_LOG).
  cluster::ProgressSink progress() const;

 private:
  ClusterAccess access_;
  mutable std::mutex mutex_;
  CookieDefaults defaults_;
};

// The result of an operation on a resource or data source: the new object (null: none) and
// what Terraform should show.
struct Result {
  Value state;
  Diagnostics diagnostics;
};

}  // namespace ejcluster::tf
