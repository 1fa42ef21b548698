// ClusterLock: one apply at a time on a set of nodes, across processes and hosts.
//
// The lock is an Erlang global lock ({ejcluster_apply, Holder}) taken on every listed node that
// answered, held by a small process spawned on one of them (the "host"). That process watches
// this C node: when the apply ends it is told to release; when ejcluster dies (even kill -9) the
// connection drops and it releases by itself. Nothing is loaded onto the nodes.
#pragma once

#include <chrono>
#include <expected>
#include <string>
#include <vector>

#include "erl/node_client.h"
#include "erl/remote_eval.h"

namespace ejcluster::cluster {

class ClusterLock {
 public:
  // Takes the lock on `nodes` through `host`, waiting at most `wait` for another holder.
  // Errors say who could not be asked, or that the wait ran out.
  static std::expected<ClusterLock, std::string> acquire(erl::NodeClient& client, erl::RemoteEvaluator& evaluator,
                                                         const erl::NodeName& host, const std::vector<std::string>& nodes,
                                                         std::chrono::milliseconds wait, std::chrono::milliseconds rpc);
  ClusterLock(ClusterLock&& other) noexcept;
  ClusterLock& operator=(ClusterLock&&) = delete;
  ClusterLock(const ClusterLock&) = delete;
  ~ClusterLock();  // releases

  const std::string& host() const { return host_.full(); }

 private:
  ClusterLock(erl::NodeClient& client, erl::NodeName host, erl::Term holder, std::chrono::milliseconds rpc)
      : client_(&client), host_(std::move(host)), holder_(std::move(holder)), rpc_(rpc) {}

  erl::NodeClient* client_;
  erl::NodeName host_;
  erl::Term holder_;  // the holder's pid
  std::chrono::milliseconds rpc_;
  bool held_ = true;
};

extern const char* const kLockHolder;

}  // namespace ejcluster::cluster
