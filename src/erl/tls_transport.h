// TlsTransport: libei's user-supplied socket callbacks over OpenSSL, so that the C node reaches
// nodes that run Erlang distribution over TLS (-proto_dist inet_tls). epmd stays plain TCP: libei
// asks it with its own callbacks. shared/tls-distribution.md holds what was checked of libei's
// side: the callbacks run with EI_SCLBK_FLG_FULL_IMPL (libei never polls the raw fd, which cannot
// see what OpenSSL has buffered), the handshake's packets have a 4-byte header, and a connect
// callback learns only the address, so the host to verify comes from the calling thread.
//
// One TlsTransport holds the SSL_CTX (the CA, our certificate and key) for every connection of a
// client; a connection's SSL lives in the ctx libei passes to each callback.
#pragma once

#include <expected>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <ei.h>

#include "erl/tls_options.h"

typedef struct ssl_ctx_st SSL_CTX;
typedef struct ssl_st SSL;

namespace ejcluster::erl {

// Why a TLS connection failed, in the words the client's errors need.
struct TlsFailure {
  enum class Kind {
    kRefusedUs,  // the node sent an alert about our certificate: none sent, or its CA does not know it
    kUntrusted,  // the node's certificate does not chain to our CA, or is not for the node's host
    kNoTls,      // no TLS answer to our hello: the node may speak plain distribution
    kOther,      // anything else OpenSSL reported
  };
  Kind kind;
  std::string detail;
};

// A setting of the "tls" object that cannot be used, and why.
struct TlsSetupError {
  std::string field;  // "certfile", "keyfile", "cacertfile"
  std::string message;
};

class TlsTransport {
 public:
  // Loads and checks the files; refuses a key file that other users may read (as ssh does).
  static std::expected<std::unique_ptr<TlsTransport>, TlsSetupError> create(const TlsOptions& options);
  // A transport that only tells whether a node answers a TLS hello: its connections never complete,
  // and take_probe_result() says what the handshake met. For naming the error when plain
  // distribution is refused by a node that speaks TLS.
  static std::unique_ptr<TlsTransport> probe();
  static std::optional<bool> take_probe_result();
  ~TlsTransport();
  TlsTransport(const TlsTransport&) = delete;
  TlsTransport& operator=(const TlsTransport&) = delete;

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
  TlsTransport(SSL_CTX* context, bool verify, bool probe_only);

  SSL_CTX* context_;
  bool verify_;
  bool probe_only_;
  ei_socket_callbacks callbacks_{};
  mutable std::mutex connections_mutex_;
  std::map<int, SSL*> connections_;  // by fd: for has_buffered
  friend struct TlsCallbacks;
};

}  // namespace ejcluster::erl
