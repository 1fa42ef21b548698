#include "cluster_access.h"

namespace ejcluster::tf {

void ClusterAccess::with_client(const erl::Cookie& cookie, std::chrono::milliseconds connect_timeout,
                                const std::function<void(erl::NodeClient&)>& work) {
  ++busy_;
  struct Done {
    std::atomic<int>& busy;
    ~Done() { --busy; }
  } done{busy_};
  std::lock_guard<std::mutex> lock(mutex_);
  auto& client = clients_[cookie.reveal()];
  if (!client) client = std::make_unique<erl::EiNodeClient>(cookie, connect_timeout);
  work(*client);
}

}  // namespace ejcluster::tf
