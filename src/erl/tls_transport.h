// TlsTransport: Erlang distribution over TLS for the C node, as libei's socket callbacks. The
// work is OpenSSL's, behind the C table of erl/tls_backend.h: this class is what the client sees
// of it, and it costs nothing until a desired state asks for TLS (see tls_backend.h for why).
//
// One TlsTransport serves every connection of a client. The thread-bound calls (begin_connect,
// take_failure, take_probe_result) concern the calling thread's last connection.
#pragma once

#include <expected>
#include <memory>
#include <optional>
#include <string>

#include <ei.h>

#include "erl/tls_options.h"

struct EjcTlsBackend;

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
  std::string field;  // "certfile", "keyfile", "cacertfile"; "" for the transport itself
  std::string message;
};

class TlsTransport {
 public:
  // Loads and checks the files; refuses a key file that other users may read (as ssh does).
  static std::expected<std::unique_ptr<TlsTransport>, TlsSetupError> create(const TlsOptions& options);
  // A transport that only tells whether a node answers a TLS hello: its connections never complete,
  // and take_probe_result() says what the handshake met. For naming the error when plain
  // distribution is refused by a node that speaks TLS. Null when no TLS transport can be had.
  static std::unique_ptr<TlsTransport> probe();
  static std::optional<bool> take_probe_result();
  ~TlsTransport();
  TlsTransport(const TlsTransport&) = delete;
  TlsTransport& operator=(const TlsTransport&) = delete;

  // For ei_connect_xinit_ussi: the callbacks, and the setup context they expect.
  ei_socket_callbacks* callbacks();
  void* setup_context() const { return handle_; }

  // Call on the connecting thread right before connecting: the host part of the node's name,
  // which its certificate must name (and which goes out as SNI). Clears the thread's last failure.
  static void begin_connect(const std::string& host);
  // Why the thread's last connection failed in TLS, if it did; cleared by reading it.
  static std::optional<TlsFailure> take_failure();

  // Whether OpenSSL holds plaintext of the connection on fd that libei has not read yet: a
  // poll of fd does not see it. False for an fd this transport does not know.
  bool has_buffered(int fd) const;

 private:
  TlsTransport(const EjcTlsBackend* backend, void* handle) : backend_(backend), handle_(handle) {}

  const EjcTlsBackend* backend_;
  void* handle_;  // the backend's transport
};

}  // namespace ejcluster::erl
