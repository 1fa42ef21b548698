// tls_backend() for programs that link the OpenSSL transport in (the Terraform provider, the
// tests): there is nothing to load.
#include "erl/tls_backend.h"

namespace ejcluster::erl {

std::expected<const EjcTlsBackend*, std::string> tls_backend() { return ejcluster_tls_backend(); }

}  // namespace ejcluster::erl
