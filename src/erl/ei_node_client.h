// EiNodeClient: NodeClient over libei, as a hidden Erlang C node.
//
// Names itself "ejcluster_<pid>[_<n>]@<host>" so that concurrent runs and clients never clash: <host> is this
// machine's short host name for short-name targets, and for long-name targets the local address
// that routes to the target. Keeps one connection per node for its lifetime; answers the
// distribution ticks that arrive between calls, so idle connections stay up, and reconnects once
// when a cached connection turns out to be gone.
//
// Threads may call different nodes at once (observation asks every node in parallel); calls to
// the same node are taken one at a time. While a thread waits on its node, it answers the ticks
// of the connections no other thread is using.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <netinet/in.h>

#include "erl/cookie.h"
#include "erl/node_client.h"
#include "erl/tls_transport.h"

struct ei_cnode_s;  // libei's ei_cnode (ei.h stays out of this header)

namespace ejcluster::erl {

class EiNodeClient : public NodeClient {
 public:
  // With `tls`, every distribution connection is TLS through it (epmd stays plain TCP). With
  // `dist_port`, every node is reached on that port of its host and epmd is not asked (nodes run
  // with ejabberd's ERL_DIST_PORT, -erl_epmd_port: they are in no epmd).
  EiNodeClient(Cookie cookie, std::chrono::milliseconds connect_timeout, std::shared_ptr<TlsTransport> tls = nullptr,
               std::optional<int> dist_port = std::nullopt);
  ~EiNodeClient() override;
  EiNodeClient(const EiNodeClient&) = delete;
  EiNodeClient& operator=(const EiNodeClient&) = delete;

  std::expected<Term, ErlError> call(const NodeName& node, std::string_view module, std::string_view function,
                                     const std::vector<Term>& args, std::chrono::milliseconds timeout) override;
  std::string local_name(const NodeName& target) override;
  std::map<std::string, RoundTrips> round_trips() const override;

 private:
  struct LocalNode;  // one initialised ei_cnode per name we present to nodes
  struct Peer;       // one target node: its connection, and who is using it

  Peer& peer_for(const NodeName& node);
  std::expected<int, ErlError> connection(const NodeName& node, Peer& peer);
  std::expected<int, ErlError> connect(const NodeName& node, Peer& peer);
  std::expected<LocalNode*, ErlError> local_node_for(const NodeName& node);
  std::expected<Term, ErlError> await_reply(const NodeName& node, Peer& peer,
                                            std::chrono::steady_clock::time_point deadline);
  void keep_others_alive(const Peer& busy);
  bool readable_within(int fd, int ms) const;
  bool answer_pending(int fd) const;
  ErlError handshake_error(const NodeName& node, LocalNode& local, int status, int why);
  bool speaks_tls(const NodeName& node, LocalNode& plain);
  std::string on_dist_port() const;
  int dial(ei_cnode_s& cnode, const NodeName& node, in_addr address, std::chrono::milliseconds timeout) const;

  Cookie cookie_;
  std::chrono::milliseconds connect_timeout_;
  std::shared_ptr<TlsTransport> tls_;  // null: plain TCP distribution
  std::optional<int> dist_port_;       // null: each node's port comes from epmd
  std::mutex probe_mutex_;
  std::unique_ptr<TlsTransport> probe_;  // made when a plain handshake first fails: does the node speak TLS?
  std::string alive_name_;  // "ejcluster_<pid>" or "ejcluster_<pid>_<n>": ours, never another's
  mutable std::mutex maps_mutex_;   // guards the two maps below (not the Peers: each has its own lock)
  std::map<std::string, std::unique_ptr<LocalNode>> local_nodes_;  // by our full node name
  std::map<std::string, std::unique_ptr<Peer>> peers_;              // by target node name; never erased
};

}  // namespace ejcluster::erl
