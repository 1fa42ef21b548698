// ClusterAccess: the provider's one way to the nodes, shared by every RPC of the process.
//
// Terraform may call the provider from several goroutines at once (one per resource), but a
// hidden C node presents one name per process ("ejcluster_<pid>@host"), and a node refuses a
// second connection from a name it is already connected to (checked: a second EiNodeClient of the
// same process fails with "the node rejected the cookie" while the first is connected). So every
// use of the nodes is serialised here, and there is one client per cookie for the life of the
// process, which also reuses its connections between RPCs. Its connect timeout is the one of its
// first use: a changed timeouts.connect_ms takes effect in the next Terraform run.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "erl/ei_node_client.h"

namespace ejcluster::tf {

class ClusterAccess {
 public:
  // Runs `work` with the client for `cookie`, the TLS settings and the dist_port, holding the
  // process-wide lock.
  // The cookie is only compared here, never shown. `tls` (null: plain distribution) is the
  // transport of a new client; a client made before for the same settings keeps its own.
  void with_client(const erl::Cookie& cookie, const std::optional<erl::TlsOptions>& tls_options,
                   std::shared_ptr<erl::TlsTransport> tls, std::optional<int> dist_port,
                   std::chrono::milliseconds connect_timeout, const std::function<void(erl::NodeClient&)>& work);

  // Whether some work is running on the nodes now (e.g. a join that must not be cut short).
  bool busy() const { return busy_.load(); }

 private:
  std::mutex mutex_;
  std::atomic<int> busy_{0};
  std::map<std::string, std::unique_ptr<erl::EiNodeClient>> clients_;  // by cookie, TLS settings and dist_port
};

}  // namespace ejcluster::tf
