// OpenSslTransport: libei's user-supplied socket callbacks over OpenSSL, so that the C node reaches
// nodes that run Erlang distribution over TLS (-proto_dist inet_tls). epmd stays plain TCP: libei
// asks it with its own callbacks. shared/tls-distribution.md holds what was checked of libei's
// side: the callbacks run with EI_SCLBK_FLG_FULL_IMPL (libei never polls the raw fd, which cannot
// see what OpenSSL has buffered), the handshake's packets have a 4-byte header, and a connect
// callback learns only the address, so the host to verify comes from the calling thread.
//
// One OpenSslTransport holds the SSL_CTX (the CA, our certificate and key) for every connection
// of a client; a connection's SSL lives in the ctx libei passes to each callback. The rest of
// ejcluster reaches it only through the C table of erl/tls_backend.h (TlsTransport).
#pragma once

#include <expected>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <ei.h>

#include "erl/tls_options.h"
#include "erl/tls_transport.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace ejcluster::erl {

class OpenSslTransport {
 public:
  // Loads and checks the files; refuses a key file that other users may read (as ssh does).
  static std::expected<std::unique_ptr<OpenSslTransport>, TlsSetupError> create(const TlsOptions& options);
  // A transport that only tells whether a node answers a TLS hello: its connections never complete,
  // and take_probe_result() says what the handshake met. For naming the error when plain
  // distribution is refused by a node that speaks TLS.
  static std::unique_ptr<OpenSslTransport> probe();
  static std::optional<bool> take_probe_result();
  ~OpenSslTransport();
  OpenSslTransport(const OpenSslTransport&) = delete;
  OpenSslTransport& operator=(const OpenSslTransport&) = delete;

  // For ei_connect_xinit_ussi: the callbacks, with this transport as their setup context.
  ei_socket_callbacks* callbacks() { return &callbacks_; }

  // Call on the connecting thread right before ei_connect_tmo: the host part of the node's name,
  // which its certificate must name (and which goes out as SNI). Clears the thread's last failure.
  static void begin_connect(std::string host);
  // Why the thread's last connection failed in TLS, if it did; cleared by reading it.
  static std::optional<TlsFailure> take_failure();

  // Whether OpenSSL holds plaintext of the connection on fd that libei has not read yet: a
  // poll of fd does not see it. False for an fd this transport does not know.
  bool has_buffered(int fd) const;

  // The connection callbacks reach these through the setup context.
  SSL_CTX* context() const { return context_; }
  void track(int fd, SSL* ssl);
  void forget(int fd);

 private:
  OpenSslTransport(SSL_CTX* context, bool verify, bool probe_only);

  SSL_CTX* context_;
  bool verify_;
  bool probe_only_;
  ei_socket_callbacks callbacks_{};
  mutable std::mutex connections_mutex_;
  std::map<int, SSL*> connections_;  // by fd: for has_buffered
  friend struct TlsCallbacks;
};

}  // namespace ejcluster::erl
