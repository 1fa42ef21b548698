#include "erl/tls_transport.h"

#include "erl/tls_backend.h"

namespace ejcluster::erl {
namespace {

constexpr std::size_t kTextSize = 1024;

const EjcTlsBackend* backend_or_null() {
  auto backend = tls_backend();
  return backend ? *backend : nullptr;
}

}  // namespace

std::expected<std::unique_ptr<TlsTransport>, TlsSetupError> TlsTransport::create(const TlsOptions& options) {
  auto backend = tls_backend();
  if (!backend) return std::unexpected(TlsSetupError{"", backend.error()});
  char field[kTextSize] = {}, message[kTextSize] = {};
  void* handle = (*backend)->create(options.certfile.c_str(), options.keyfile.c_str(), options.cacertfile.c_str(),
                                    options.verify ? 1 : 0, field, message, kTextSize);
  if (!handle) return std::unexpected(TlsSetupError{field, message});
  return std::unique_ptr<TlsTransport>(new TlsTransport(*backend, handle));
}

std::unique_ptr<TlsTransport> TlsTransport::probe() {
  const EjcTlsBackend* backend = backend_or_null();
  void* handle = backend ? backend->create_probe() : nullptr;
  return handle ? std::unique_ptr<TlsTransport>(new TlsTransport(backend, handle)) : nullptr;
}

std::optional<bool> TlsTransport::take_probe_result() {
  const EjcTlsBackend* backend = backend_or_null();
  int result = backend ? backend->take_probe_result() : -1;
  return result < 0 ? std::nullopt : std::optional<bool>(result == 1);
}

TlsTransport::~TlsTransport() { backend_->destroy(handle_); }

ei_socket_callbacks* TlsTransport::callbacks() { return backend_->callbacks(handle_); }

void TlsTransport::begin_connect(const std::string& host) {
  if (const EjcTlsBackend* backend = backend_or_null()) backend->begin_connect(host.c_str());
}

std::optional<TlsFailure> TlsTransport::take_failure() {
  const EjcTlsBackend* backend = backend_or_null();
  char detail[kTextSize] = {};
  int kind = backend ? backend->take_failure(detail, kTextSize) : 0;
  if (kind == 0) return std::nullopt;
  return TlsFailure{static_cast<TlsFailure::Kind>(kind - 1), detail};
}

bool TlsTransport::has_buffered(int fd) const { return backend_->has_buffered(handle_, fd) != 0; }

}  // namespace ejcluster::erl
