#include "erl/openssl_transport.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <vector>

#include "erl/tls_backend.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace ejcluster::erl {
namespace {

using Clock = std::chrono::steady_clock;

thread_local std::string t_target_host;
thread_local std::optional<TlsFailure> t_failure;
thread_local std::optional<bool> t_probe_spoke_tls;

// libei's ctx for one connection.
struct Connection {
  OpenSslTransport* transport = nullptr;
  int fd = -1;
  SSL* ssl = nullptr;
};

// The OpenSSL errors queued on this thread, as one line; the queue is emptied.
std::string openssl_errors() {
  std::string text;
  while (unsigned long code = ERR_get_error()) {
    char line[256];
    ERR_error_string_n(code, line, sizeof line);
    if (!text.empty()) text += "; ";
    text += line;
  }
  return text;
}

// The alert a node sent us, if the queued error is one: OpenSSL reports a received alert as
// reason SSL_AD_REASON_OFFSET + the alert's number.
std::optional<int> received_alert() {
  unsigned long code = ERR_peek_error();
  if (code == 0 || ERR_GET_LIB(code) != ERR_LIB_SSL) return std::nullopt;
  int reason = ERR_GET_REASON(code);
  if (reason < SSL_AD_REASON_OFFSET) return std::nullopt;
  return reason - SSL_AD_REASON_OFFSET;
}

bool about_our_certificate(int alert) {
  switch (alert) {
    case SSL_AD_HANDSHAKE_FAILURE:  // TLS 1.2's answer to no certificate when one is required
    case SSL_AD_BAD_CERTIFICATE:
    case SSL_AD_UNSUPPORTED_CERTIFICATE:
    case SSL_AD_CERTIFICATE_REVOKED:
    case SSL_AD_CERTIFICATE_EXPIRED:
    case SSL_AD_CERTIFICATE_UNKNOWN:
    case SSL_AD_UNKNOWN_CA:
    case SSL_AD_CERTIFICATE_REQUIRED:
      return true;
    default:
      return false;
  }
}

// An alert in words. OpenSSL 3.0 has none for TLS 1.3's certificate_required.
std::string alert_words(int alert) {
  if (alert == SSL_AD_CERTIFICATE_REQUIRED) return "certificate required";
  return SSL_alert_desc_string_long(alert);
}

// Records why the connection failed, from OpenSSL's error queue and the peer's verification.
void record_ssl_failure(SSL* ssl) {
  if (long verified = SSL_get_verify_result(ssl); verified != X509_V_OK) {
    openssl_errors();
    t_failure = TlsFailure{TlsFailure::Kind::kUntrusted, X509_verify_cert_error_string(verified)};
    return;
  }
  std::optional<int> alert = received_alert();
  std::string detail = alert ? alert_words(*alert) : std::string();
  std::string errors = openssl_errors();
  if (alert && about_our_certificate(*alert)) {
    if (!SSL_get_certificate(ssl)) detail += "; we have no certificate to show: tls.certfile is not set";
    t_failure = TlsFailure{TlsFailure::Kind::kRefusedUs, detail};
  } else {
    t_failure = TlsFailure{TlsFailure::Kind::kOther, alert ? "alert: " + detail : errors};
  }
}

// Waits until fd allows `events`, at most until `deadline` (none: forever). 0, ETIMEDOUT or an errno.
int wait_for(int fd, short events, std::optional<Clock::time_point> deadline) {
  for (;;) {
    int ms = -1;
    if (deadline) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
      if (left <= 0) return ETIMEDOUT;
      ms = static_cast<int>(std::min<long long>(left, INT_MAX));
    }
    pollfd ready{fd, events, 0};
    int status = ::poll(&ready, 1, ms);
    if (status > 0) return 0;
    if (status == 0) return ETIMEDOUT;
    if (errno != EINTR) return errno;
  }
}

std::optional<Clock::time_point> deadline_after(unsigned tmo) {
  if (tmo == EI_SCLBK_INF_TMO) return std::nullopt;
  return Clock::now() + std::chrono::milliseconds(tmo);
}

// After an OpenSSL call returned `result`: 0 to call it again (once the socket is ready), or the
// errno to give libei. Records a TLS failure for the connecting thread when there is one.
int after_ssl_call(Connection& c, int result, std::optional<Clock::time_point> deadline, bool handshaking) {
  int kind = SSL_get_error(c.ssl, result);
  switch (kind) {
    case SSL_ERROR_WANT_READ:
      return wait_for(c.fd, POLLIN, deadline);
    case SSL_ERROR_WANT_WRITE:
      return wait_for(c.fd, POLLOUT, deadline);
    case SSL_ERROR_ZERO_RETURN:  // the node closed the connection
    case SSL_ERROR_SYSCALL: {    // the socket failed
      int error = kind == SSL_ERROR_SYSCALL && errno != 0 ? errno : ECONNRESET;
      openssl_errors();
      if (handshaking) t_failure = TlsFailure{TlsFailure::Kind::kNoTls, "the node closed the connection during the TLS handshake"};
      return error;
    }
    default:
      record_ssl_failure(c.ssl);
      return EIO;
  }
}

}  // namespace

// The callbacks libei calls (C linkage through the table; C++ bodies).
struct TlsCallbacks {
  static int socket(void** ctx, void* setup_ctx) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return errno;
    auto* c = new Connection{static_cast<OpenSslTransport*>(setup_ctx), fd, nullptr};
    *ctx = c;
    return 0;
  }

  static int close(void* ctx) {
    auto* c = static_cast<Connection*>(ctx);
    if (c->ssl) {
      c->transport->forget(c->fd);
      SSL_free(c->ssl);
    }
    int status = ::close(c->fd) == 0 ? 0 : errno;
    delete c;
    return status;
  }

  static int listen(void*, void*, int*, int) { return ENOTSUP; }
  static int accept(void**, void*, int*, unsigned) { return ENOTSUP; }

  // The TCP connect, then the TLS handshake, both within tmo.
  static int connect(void* ctx, void* addr, int len, unsigned tmo) {
    auto* c = static_cast<Connection*>(ctx);
    auto deadline = deadline_after(tmo);
    if (::connect(c->fd, static_cast<sockaddr*>(addr), static_cast<socklen_t>(len)) != 0) {
      if (errno != EINPROGRESS) return errno;
      if (int waited = wait_for(c->fd, POLLOUT, deadline)) return waited;
      int error = 0;
      socklen_t size = sizeof error;
      if (::getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0) return errno;
      if (error != 0) return error;
    }
    int one = 1;
    ::setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    c->ssl = SSL_new(c->transport->context());
    if (!c->ssl) {
      t_failure = TlsFailure{TlsFailure::Kind::kOther, openssl_errors()};
      return ENOMEM;
    }
    SSL_set_fd(c->ssl, c->fd);
    const std::string& host = t_target_host;
    in6_addr ip{};
    bool literal = ::inet_pton(AF_INET, host.c_str(), &ip) == 1 || ::inet_pton(AF_INET6, host.c_str(), &ip) == 1;
    if (!literal) SSL_set_tlsext_host_name(c->ssl, host.c_str());  // SNI never carries an address
    if (c->transport->verify_) {
      // The node's certificate must name the host its node name has, as Erlang's own client checks.
      X509_VERIFY_PARAM* param = SSL_get0_param(c->ssl);
      if (literal) {
        X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
      } else {
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        X509_VERIFY_PARAM_set1_host(param, host.c_str(), 0);
      }
    }
    c->transport->track(c->fd, c->ssl);
    if (c->transport->probe_only_) return probe_handshake(*c, deadline);
    for (;;) {
      int result = SSL_connect(c->ssl);
      if (result == 1) return 0;
      int status = after_ssl_call(*c, result, deadline, true);
      if (status == ETIMEDOUT) {
        t_failure = TlsFailure{TlsFailure::Kind::kNoTls, "no TLS answer to our hello within " + std::to_string(tmo) + " ms"};
      }
      if (status != 0) return status;
    }
  }

  // A node that speaks TLS answers the hello: the handshake completes, or the node sends an alert
  // (it wants a client certificate). A plain node reads the hello as a packet and waits.
  static int probe_handshake(Connection& c, std::optional<Clock::time_point> deadline) {
    for (;;) {
      int result = SSL_connect(c.ssl);
      if (result == 1) {
        t_probe_spoke_tls = true;
        break;
      }
      int kind = SSL_get_error(c.ssl, result);
      if (kind == SSL_ERROR_WANT_READ || kind == SSL_ERROR_WANT_WRITE) {
        if (wait_for(c.fd, kind == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline) == 0) continue;
        t_probe_spoke_tls = false;
        break;
      }
      t_probe_spoke_tls = kind == SSL_ERROR_SSL && received_alert().has_value();
      break;
    }
    openssl_errors();
    return ECONNABORTED;  // never a connection: the probe has its answer
  }

  // The whole of buf, or an error: a write that stops midway leaves the stream unusable.
  static int write_all(Connection& c, const char* buf, std::size_t size, unsigned tmo) {
    auto deadline = deadline_after(tmo);
    while (size > 0) {
      int chunk = static_cast<int>(std::min<std::size_t>(size, INT_MAX));
      int written = SSL_write(c.ssl, buf, chunk);
      if (written > 0) {
        buf += written;
        size -= static_cast<std::size_t>(written);
        continue;
      }
      if (int status = after_ssl_call(c, written, deadline, false)) return status;
    }
    return 0;
  }

  static int write(void* ctx, const char* buf, ssize_t* len, unsigned tmo) {
    return write_all(*static_cast<Connection*>(ctx), buf, static_cast<std::size_t>(*len), tmo);
  }

  // One TLS record for header and payload, not one each.
  static int writev(void* ctx, const void* iov, int iovcnt, ssize_t* len, unsigned tmo) {
    const auto* parts = static_cast<const iovec*>(iov);
    std::size_t total = 0;
    for (int i = 0; i < iovcnt; ++i) total += parts[i].iov_len;
    std::vector<char> gathered;
    gathered.reserve(total);
    for (int i = 0; i < iovcnt; ++i) {
      const char* base = static_cast<const char*>(parts[i].iov_base);
      gathered.insert(gathered.end(), base, base + parts[i].iov_len);
    }
    int status = write_all(*static_cast<Connection*>(ctx), gathered.data(), gathered.size(), tmo);
    if (status == 0) *len = static_cast<ssize_t>(gathered.size());
    return status;
  }

  static int read(void* ctx, char* buf, ssize_t* len, unsigned tmo) {
    auto* c = static_cast<Connection*>(ctx);
    auto deadline = deadline_after(tmo);
    int want = static_cast<int>(std::min<ssize_t>(*len, INT_MAX));
    for (;;) {
      int got = SSL_read(c->ssl, buf, want);
      if (got > 0) {
        *len = got;
        return 0;
      }
      if (SSL_get_error(c->ssl, got) == SSL_ERROR_ZERO_RETURN) {
        *len = 0;  // the node closed the connection: EOF
        return 0;
      }
      if (int status = after_ssl_call(*c, got, deadline, false)) return status;
    }
  }

  static int handshake_packet_header_size(void*, int* size) {
    *size = 4;  // inet_tls_dist runs the distribution handshake with {packet, 4}
    return 0;
  }

  static int get_fd(void* ctx, int* fd) {
    *fd = static_cast<Connection*>(ctx)->fd;
    return 0;
  }
};

std::expected<std::unique_ptr<OpenSslTransport>, TlsSetupError> OpenSslTransport::create(const TlsOptions& options) {
  auto fail = [](std::string field, std::string message) {
    openssl_errors();
    return std::unexpected(TlsSetupError{std::move(field), std::move(message)});
  };
  const std::string& key = options.keyfile.empty() ? options.certfile : options.keyfile;
  if (!key.empty()) {
    struct stat info {};
    if (::stat(key.c_str(), &info) != 0) {
      return fail(options.keyfile.empty() ? "certfile" : "keyfile", "cannot read " + key + ": " + std::strerror(errno));
    }
    if (info.st_mode & (S_IROTH | S_IWOTH)) {
      char mode[8];
      std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
      return fail(options.keyfile.empty() ? "certfile" : "keyfile",
                  "the private key " + key + " may be read by other users (mode " + mode + "): chmod o-rwx it");
    }
  }

  SSL_CTX* context = SSL_CTX_new(TLS_client_method());
  if (!context) return fail("", "OpenSSL: " + openssl_errors());
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> owned(context, &SSL_CTX_free);
  SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
  // Erlang drops a connection without close_notify: that is an EOF, not an error.
  SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
  SSL_CTX_set_mode(context, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  if (!options.cacertfile.empty() && SSL_CTX_load_verify_locations(context, options.cacertfile.c_str(), nullptr) != 1) {
    return fail("cacertfile", "cannot load CA certificates from " + options.cacertfile + ": " + openssl_errors());
  }
  if (!options.certfile.empty()) {
    if (SSL_CTX_use_certificate_chain_file(context, options.certfile.c_str()) != 1) {
      return fail("certfile", "cannot load a certificate from " + options.certfile + ": " + openssl_errors());
    }
    if (SSL_CTX_use_PrivateKey_file(context, key.c_str(), SSL_FILETYPE_PEM) != 1) {
      return fail(options.keyfile.empty() ? "certfile" : "keyfile", "cannot load a private key from " + key);
    }
    if (SSL_CTX_check_private_key(context) != 1) {
      return fail(options.keyfile.empty() ? "certfile" : "keyfile", "the private key in " + key + " is not the key of " + options.certfile);
    }
  }
  SSL_CTX_set_verify(context, options.verify ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
  return std::unique_ptr<OpenSslTransport>(new OpenSslTransport(owned.release(), options.verify, false));
}

std::unique_ptr<OpenSslTransport> OpenSslTransport::probe() {
  SSL_CTX* context = SSL_CTX_new(TLS_client_method());
  if (!context) return nullptr;
  SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
  SSL_CTX_set_verify(context, SSL_VERIFY_NONE, nullptr);
  return std::unique_ptr<OpenSslTransport>(new OpenSslTransport(context, false, true));
}

std::optional<bool> OpenSslTransport::take_probe_result() {
  std::optional<bool> result = t_probe_spoke_tls;
  t_probe_spoke_tls.reset();
  return result;
}

OpenSslTransport::OpenSslTransport(SSL_CTX* context, bool verify, bool probe_only)
    : context_(context), verify_(verify), probe_only_(probe_only) {
  callbacks_.flags = EI_SCLBK_FLG_FULL_IMPL;
  callbacks_.socket = &TlsCallbacks::socket;
  callbacks_.close = &TlsCallbacks::close;
  callbacks_.listen = &TlsCallbacks::listen;
  callbacks_.EI_ACCEPT_NAME = &TlsCallbacks::accept;
  callbacks_.connect = &TlsCallbacks::connect;
  callbacks_.writev = &TlsCallbacks::writev;
  callbacks_.write = &TlsCallbacks::write;
  callbacks_.read = &TlsCallbacks::read;
  callbacks_.handshake_packet_header_size = &TlsCallbacks::handshake_packet_header_size;
  callbacks_.connect_handshake_complete = nullptr;
  callbacks_.accept_handshake_complete = nullptr;
  callbacks_.get_fd = &TlsCallbacks::get_fd;
}

OpenSslTransport::~OpenSslTransport() { SSL_CTX_free(context_); }

void OpenSslTransport::begin_connect(std::string host) {
  t_target_host = std::move(host);
  t_failure.reset();
}

std::optional<TlsFailure> OpenSslTransport::take_failure() {
  std::optional<TlsFailure> failure = std::move(t_failure);
  t_failure.reset();
  return failure;
}

bool OpenSslTransport::has_buffered(int fd) const {
  std::lock_guard lock(connections_mutex_);
  auto found = connections_.find(fd);
  return found != connections_.end() && SSL_has_pending(found->second) == 1;
}

void OpenSslTransport::track(int fd, SSL* ssl) {
  std::lock_guard lock(connections_mutex_);
  connections_[fd] = ssl;
}

void OpenSslTransport::forget(int fd) {
  std::lock_guard lock(connections_mutex_);
  connections_.erase(fd);
}

}  // namespace ejcluster::erl

// The C table of erl/tls_backend.h over OpenSslTransport.
namespace {

using ejcluster::erl::OpenSslTransport;

void copy_text(const std::string& text, char* out, std::size_t size) {
  if (size == 0) return;
  std::size_t n = std::min(text.size(), size - 1);
  std::memcpy(out, text.data(), n);
  out[n] = '\0';
}

void* create(const char* certfile, const char* keyfile, const char* cacertfile, int verify, char* field, char* message,
             std::size_t size) {
  auto made = OpenSslTransport::create({.certfile = certfile, .keyfile = keyfile, .cacertfile = cacertfile, .verify = verify != 0});
  if (made) return made->release();
  copy_text(made.error().field, field, size);
  copy_text(made.error().message, message, size);
  return nullptr;
}

void* create_probe() { return OpenSslTransport::probe().release(); }
void destroy(void* transport) { delete static_cast<OpenSslTransport*>(transport); }
ei_socket_callbacks* callbacks(void* transport) { return static_cast<OpenSslTransport*>(transport)->callbacks(); }
int has_buffered(const void* transport, int fd) { return static_cast<const OpenSslTransport*>(transport)->has_buffered(fd); }
void begin_connect(const char* host) { OpenSslTransport::begin_connect(host); }

int take_failure(char* detail, std::size_t size) {
  auto failure = OpenSslTransport::take_failure();
  if (!failure) return 0;
  copy_text(failure->detail, detail, size);
  return static_cast<int>(failure->kind) + 1;
}

int take_probe_result() {
  auto result = OpenSslTransport::take_probe_result();
  return result ? static_cast<int>(*result) : -1;
}

const EjcTlsBackend kOpenSslBackend = {kEjcTlsBackendAbi, create, create_probe, destroy, callbacks,
                                       has_buffered, begin_connect, take_failure, take_probe_result};

}  // namespace

extern "C" __attribute__((visibility("default"))) const EjcTlsBackend* ejcluster_tls_backend(void) {
  return &kOpenSslBackend;
}
