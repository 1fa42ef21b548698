#include "cluster_access.h"

namespace ejcluster::tf {

void ClusterAccess::with_client(const erl::Cookie& cookie, const std::optional<erl::TlsOptions>& tls_options,
                                std::shared_ptr<erl::TlsTransport> tls, std::optional<int> dist_port,
                                std::chrono::milliseconds connect_timeout,
                                const std::function<void(erl::NodeClient&)>& work) {
  ++busy_;
  struct Done {
    std::atomic<int>& busy;
    ~Done() { --busy; }
  } done{busy_};
  std::lock_guard<std::mutex> lock(mutex_);
  std::string key = cookie.reveal();
  if (tls_options) {
    key += '\0' + tls_options->certfile + '\0' + tls_options->keyfile + '\0' + tls_options->cacertfile +
           (tls_options->verify ? "\0verify" : "\0trust");
  }
  if (dist_port) key += "\0port " + std::to_string(*dist_port);
  auto& client = clients_[key];
  if (!client) client = std::make_unique<erl::EiNodeClient>(cookie, connect_timeout, std::move(tls), dist_port);
  work(*client);
}

}  // namespace ejcluster::tf
