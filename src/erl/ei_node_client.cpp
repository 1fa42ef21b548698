#include "erl/ei_node_client.h"

#include <arpa/inet.h>
#include <ei.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>
#include <vector>

#include "erl/ei_buffer.h"
#include "erl/term_codec.h"

namespace ejcluster::erl {
namespace {


void initialise_libei_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    ei_init();
    // libei writes to sockets directly: a node that dies mid-write must not kill us with SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
  });
}

std::string short_host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return "localhost";
  std::string host(name);
  return host.substr(0, host.find('.'));
}

// The IPv4 address of `host` (libei speaks IPv4 only).
std::expected<in_addr, std::string> resolve_ipv4(std::string_view host) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  addrinfo* found = nullptr;
  int status = ::getaddrinfo(std::string(host).c_str(), nullptr, &hints, &found);
  if (status != 0 || !found) return std::unexpected(std::string(gai_strerror(status)));
  in_addr address = reinterpret_cast<sockaddr_in*>(found->ai_addr)->sin_addr;
  ::freeaddrinfo(found);
  return address;
}

// The local address the kernel would use to reach `target`: our name's host for long names.
std::string local_address_towards(in_addr target) {
  int probe = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(4369);
  remote.sin_addr = target;
  sockaddr_in local{};
  socklen_t length = sizeof local;
  std::string result = "127.0.0.1";
  if (probe >= 0 && ::connect(probe, reinterpret_cast<sockaddr*>(&remote), sizeof remote) == 0 &&
      ::getsockname(probe, reinterpret_cast<sockaddr*>(&local), &length) == 0) {
    char text[INET_ADDRSTRLEN] = {};
    if (::inet_ntop(AF_INET, &local.sin_addr, text, sizeof text)) result = text;
  }
  if (probe >= 0) ::close(probe);
  return result;
}

// ei_connect_tmo: epmd (its TCP connect, then the port request), the TCP connect to the node, and
// the handshake's two exchanges (our name for its status and challenge, our digest for its ack).
// A TLS 1.3 handshake adds one before the distribution handshake starts.
constexpr int kConnectRoundTrips = 5;
constexpr int kEpmdRoundTrips = 2;
constexpr int kTlsRoundTrips = 1;

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

}  // namespace

struct EiNodeClient::LocalNode {
  ei_cnode cnode{};  // written once, then only read: threads share it
};

struct EiNodeClient::Peer {
  std::mutex in_use;        // held by the thread calling this node, for the whole call
  int fd = -1;              // the connection, -1 when there is none
  LocalNode* local = nullptr;
  std::atomic<int> connecting_trips{0};  // read by round_trips() while a call runs
  std::atomic<int> call_trips{0};

  void close() {
    if (fd >= 0) ei_close_connection(fd);
    fd = -1;
  }
};

// Whether something waits to be read on fd: in the socket, or, under TLS, already decrypted in
// OpenSSL's buffer, where a poll does not see it (Erlang packs back-to-back messages in one record).
bool EiNodeClient::readable_within(int fd, int ms) const {
  if (tls_ && tls_->has_buffered(fd)) return true;
  pollfd readable{fd, POLLIN, 0};
  return ::poll(&readable, 1, ms) != 0;  // an error counts as readable: the read reports it
}

// Reads what arrived on an idle connection: ticks are answered (libei does it as it reads them),
// a late reply to a timed-out call is dropped. False when the node closed the connection.
bool EiNodeClient::answer_pending(int fd) const {
  while (readable_within(fd, 0)) {
    EiBuffer ignored;
    erlang_msg message{};
    int status = ei_xreceive_msg_tmo(fd, &message, ignored.get(), 100);
    if (status != ERL_TICK && status != ERL_MSG) return false;
  }
  return true;
}

EiNodeClient::EiNodeClient(Cookie cookie, std::chrono::milliseconds connect_timeout, std::shared_ptr<TlsTransport> tls,
                           std::optional<int> dist_port)
    : cookie_(std::move(cookie)), connect_timeout_(connect_timeout), tls_(std::move(tls)), dist_port_(dist_port) {
  initialise_libei_once();
  // Unique per client, not only per process: a node refuses a second connection from a name it
  // already has one from (a process such as the Terraform provider may hold several clients).
  static std::atomic<unsigned> instances{0};
  unsigned instance = instances++;
  alive_name_ = "ejcluster_" + std::to_string(::getpid()) + (instance ? "_" + std::to_string(instance) : "");
}

EiNodeClient::~EiNodeClient() {
  for (auto& [name, peer] : peers_) peer->close();
}

EiNodeClient::Peer& EiNodeClient::peer_for(const NodeName& node) {
  std::lock_guard lock(maps_mutex_);
  auto& slot = peers_[node.full()];
  if (!slot) slot = std::make_unique<Peer>();
  return *slot;
}

std::expected<EiNodeClient::LocalNode*, ErlError> EiNodeClient::local_node_for(const NodeName& node) {
  std::string host;
  if (node.mode() == NameMode::kShort) {
    host = short_host_name();
  } else {
    auto address = resolve_ipv4(node.host());
    if (!address) return std::unexpected(ErlError{ErlError::Kind::kNoSuchHost, node.full(), address.error()});
    host = local_address_towards(*address);
  }
  std::string alive = alive_name_;
  std::string full = alive + "@" + host;
  std::lock_guard lock(maps_mutex_);
  auto& slot = local_nodes_[full];
  if (!slot) {
    auto local = std::make_unique<LocalNode>();
    // Creation tells incarnations of a node name apart; the pid is already unique per run.
    unsigned creation = static_cast<unsigned>(::getpid()) & 0x7fffffff;
    int status = tls_ ? ei_connect_xinit_ussi(&local->cnode, host.c_str(), alive.c_str(), full.c_str(), nullptr,
                                              cookie_.reveal().c_str(), creation, tls_->callbacks(),
                                              sizeof(ei_socket_callbacks), tls_->setup_context())
                      : ei_connect_xinit(&local->cnode, host.c_str(), alive.c_str(), full.c_str(), nullptr,
                                         cookie_.reveal().c_str(), creation);
    if (status < 0) {
      local_nodes_.erase(full);
      return std::unexpected(ErlError{ErlError::Kind::kProtocol, node.full(), "cannot initialise C node " + full});
    }
    slot = std::move(local);
  }
  return slot.get();
}

std::expected<int, ErlError> EiNodeClient::connect(const NodeName& node, Peer& peer) {
  auto fail = [&](ErlError::Kind kind, std::string detail = {}) {
    return std::unexpected(ErlError{kind, node.full(), std::move(detail)});
  };
  auto address = resolve_ipv4(node.host());
  if (!address) return fail(ErlError::Kind::kNoSuchHost, "'" + std::string(node.host()) + "': " + address.error());
  auto local = local_node_for(node);
  if (!local) return std::unexpected(local.error());
  if (tls_) TlsTransport::begin_connect(std::string(node.host()));
  peer.connecting_trips += (dist_port_ ? kConnectRoundTrips - kEpmdRoundTrips : kConnectRoundTrips) + (tls_ ? kTlsRoundTrips : 0);
  errno = 0;
  int fd = dial((*local)->cnode, node, *address, connect_timeout_);
  if (fd >= 0) {
    peer.fd = fd;
    peer.local = *local;
    return fd;
  }
  // libei's direct connect (dist_port) reports a refused TCP connect as a plain error, with the
  // reason in errno only; refused can only come from the connect, never from the handshake.
  if (dist_port_ && errno == ECONNREFUSED) return fail(ErlError::Kind::kConnectionRefused, on_dist_port());
  return std::unexpected(handshake_error(node, **local, fd, erl_errno));
}

// A connection to `node` through `cnode`: to its port in epmd, or to dist_port_ on its address.
int EiNodeClient::dial(ei_cnode_s& cnode, const NodeName& node, in_addr address, std::chrono::milliseconds timeout) const {
  auto ms = static_cast<unsigned>(timeout.count());
  if (dist_port_) return ei_xconnect_host_port_tmo(&cnode, &address, *dist_port_, ms);
  std::string target = node.full();
  return ei_connect_tmo(&cnode, target.data(), ms);
}

// Why ei_connect_tmo failed with `status` (erl_errno `why`). Under TLS, what OpenSSL saw comes
// first: libei reports a failed TLS read in the distribution handshake as EIO, like any other.
ErlError EiNodeClient::handshake_error(const NodeName& node, LocalNode& local, int status, int why) {
  auto fail = [&](ErlError::Kind kind, std::string detail = {}) { return ErlError{kind, node.full(), std::move(detail)}; };
  if (tls_) {
    if (auto failure = TlsTransport::take_failure()) {
      switch (failure->kind) {
        case TlsFailure::Kind::kRefusedUs: return fail(ErlError::Kind::kTlsRefused, failure->detail);
        case TlsFailure::Kind::kUntrusted: return fail(ErlError::Kind::kTlsUntrusted, failure->detail);
        case TlsFailure::Kind::kNoTls: return fail(ErlError::Kind::kTlsNotSpoken, failure->detail);
        case TlsFailure::Kind::kOther: return fail(ErlError::Kind::kTlsFailed, failure->detail);
      }
    }
  }
  switch (status) {
    case ERL_NO_DAEMON:
      return fail(ErlError::Kind::kNoEpmd);
    case ERL_NO_PORT:
      return fail(ErlError::Kind::kNotRegistered);
    case ERL_CONNECT_FAIL:
      if (dist_port_) return fail(ErlError::Kind::kConnectionRefused, std::string(std::strerror(why)) + ", " + on_dist_port());
      return fail(ErlError::Kind::kConnectionRefused, std::strerror(why));
    case ERL_TIMEOUT:
      return fail(ErlError::Kind::kTimeout, "connecting, after " + std::to_string(connect_timeout_.count()) + " ms");
    default:
      break;
  }
  if (why == ETIMEDOUT) return fail(ErlError::Kind::kTimeout, "connecting");
  if (why == ECONNREFUSED) return fail(ErlError::Kind::kConnectionRefused, dist_port_ ? on_dist_port() : "");
  if (why == EHOSTUNREACH) return fail(ErlError::Kind::kNoSuchHost, std::strerror(why));
  // The node closed the link during the handshake: that is how it answers a digest made with
  // another cookie, and also how a TLS node answers plain distribution. A TLS hello tells which.
  if (!tls_ && speaks_tls(node, local)) return fail(ErlError::Kind::kTlsExpected);
  return fail(ErlError::Kind::kCookieRejected);
}

// Where a connection to dist_port_ failed, and what must hold for it to work.
std::string EiNodeClient::on_dist_port() const {
  const std::string port = std::to_string(*dist_port_);
  return "on port " + port + " (dist_port): does the node run with ERL_DIST_PORT=" + port + "?";
}

// Whether the node answers a TLS hello on its distribution port (libei finds the port in epmd, or
// takes dist_port_, and hands the address to the probe's connect callback). A plain node does not
// answer at all, so the probe waits half a second at most (a TLS node answers in milliseconds; its
// first handshake after booting took 89 ms here, loading code).
bool EiNodeClient::speaks_tls(const NodeName& node, LocalNode& plain) {
  {
    std::lock_guard lock(probe_mutex_);
    if (!probe_) probe_ = TlsTransport::probe();
  }
  if (!probe_) return false;
  ei_cnode cnode{};
  if (ei_connect_xinit_ussi(&cnode, ei_thishostname(&plain.cnode), ei_thisalivename(&plain.cnode),
                            ei_thisnodename(&plain.cnode), nullptr, cookie_.reveal().c_str(), plain.cnode.creation,
                            probe_->callbacks(), sizeof(ei_socket_callbacks), probe_->setup_context()) < 0) {
    return false;
  }
  auto address = resolve_ipv4(node.host());
  if (!address) return false;
  TlsTransport::begin_connect(std::string(node.host()));
  TlsTransport::take_probe_result();
  int fd = dial(cnode, node, *address, std::min(connect_timeout_, std::chrono::milliseconds(500)));
  if (fd >= 0) ei_close_connection(fd);  // cannot happen: the probe never completes a connection
  return TlsTransport::take_probe_result().value_or(false);
}

// The peer's connection, after answering any ticks that arrived while it was idle. If the node
// closed it meanwhile (it stopped, or we stayed silent longer than its net_ticktime), connect anew.
std::expected<int, ErlError> EiNodeClient::connection(const NodeName& node, Peer& peer) {
  if (peer.fd >= 0 && answer_pending(peer.fd)) return peer.fd;
  peer.close();
  return connect(node, peer);
}

// Answers the ticks of every connection that no thread is using now (those that are, their
// threads read themselves).
void EiNodeClient::keep_others_alive(const Peer& busy) {
  std::vector<Peer*> others;
  {
    std::lock_guard lock(maps_mutex_);
    for (auto& [name, peer] : peers_) {
      if (peer.get() != &busy) others.push_back(peer.get());
    }
  }
  for (Peer* peer : others) {
    std::unique_lock idle(peer->in_use, std::try_to_lock);
    if (idle && peer->fd >= 0 && !answer_pending(peer->fd)) peer->close();
  }
}

std::string EiNodeClient::local_name(const NodeName& target) {
  auto local = local_node_for(target);
  return local ? ei_thisnodename(&(*local)->cnode) : std::string();
}

std::map<std::string, RoundTrips> EiNodeClient::round_trips() const {
  std::map<std::string, RoundTrips> trips;
  std::lock_guard lock(maps_mutex_);
  for (const auto& [name, peer] : peers_) trips[name] = {.connecting = peer->connecting_trips, .calls = peer->call_trips};
  return trips;
}

std::expected<Term, ErlError> EiNodeClient::call(const NodeName& node, std::string_view module,
                                                 std::string_view function, const std::vector<Term>& args,
                                                 std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string encoded_args = encode_term(Term::list(args));
  std::string module_name(module), function_name(function);
  Peer& peer = peer_for(node);
  std::lock_guard in_use(peer.in_use);
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto fd = connection(node, peer);
    if (!fd) return std::unexpected(fd.error());
    if (ei_rpc_to(&peer.local->cnode, *fd, module_name.data(), function_name.data(), encoded_args.data(),
                  static_cast<int>(encoded_args.size())) < 0) {
      peer.close();  // the request was not sent: safe to try once more on a new connection
      continue;
    }
    ++peer.call_trips;
    return await_reply(node, peer, deadline);
  }
  return std::unexpected(ErlError{ErlError::Kind::kConnectionLost, node.full(), "sending " + module_name + ":" + function_name});
}

std::expected<Term, ErlError> EiNodeClient::await_reply(const NodeName& node, Peer& peer,
                                                        std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    EiBuffer reply;
    erlang_msg message{};
    int left = remaining_ms(deadline);
    // Wait in slices, answering the ticks of the other connections meanwhile: a long call (a
    // table copy) must not let them, and what hangs on them (the cluster lock), time out.
    if (left > 0 && !readable_within(peer.fd, std::min(left, 1000))) {
      keep_others_alive(peer);
      continue;
    }
    int status = left > 0 ? ei_rpc_from(&peer.local->cnode, peer.fd, left, &message, reply.get()) : ERL_TIMEOUT;
    if (status == ERL_TICK) continue;
    if (status == ERL_TIMEOUT) {
      // Replies carry no tag: a late one would answer the next call, so this connection is done.
      peer.close();
      return std::unexpected(ErlError{ErlError::Kind::kTimeout, node.full(), "no reply within the deadline"});
    }
    if (status < 0) {
      peer.close();
      return std::unexpected(ErlError{ErlError::Kind::kConnectionLost, node.full(), "while waiting for a reply"});
    }
    if (message.msgtype != ERL_SEND && message.msgtype != ERL_REG_SEND) continue;  // links, exits
    auto term = decode_external(reply.bytes());
    if (!term) return std::unexpected(ErlError{ErlError::Kind::kProtocol, node.full(), term.error()});
    std::vector<Term> rex = std::move(*term).take_tuple_elements();
    if (rex.size() != 2 || !rex[0].is_atom("rex")) continue;  // not an RPC reply
    Term& result = rex[1];
    if (result.is_tuple(2) && (*result.tuple_elements())[0].is_atom("badrpc")) {
      return std::unexpected(ErlError{ErlError::Kind::kBadRpc, node.full(), (*result.tuple_elements())[1].to_string()});
    }
    return std::move(result);
  }
}

}  // namespace ejcluster::erl
