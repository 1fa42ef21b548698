// tls_backend() for the ejcluster command: the OpenSSL transport is the module ejcluster-tls.so,
// loaded on first use (only a desired state with "tls" uses it), from beside the executable (the
// build tree) or from ../lib/ejcluster/ (as installed: /usr/bin and /usr/lib/ejcluster).
#include <dlfcn.h>
#include <unistd.h>

#include <climits>
#include <mutex>

#include "erl/tls_backend.h"

namespace ejcluster::erl {
namespace {

std::string executable_dir() {
  char path[PATH_MAX] = {};
  ssize_t length = ::readlink("/proc/self/exe", path, sizeof path - 1);
  if (length <= 0) return ".";
  std::string exe(path, static_cast<std::size_t>(length));
  return exe.substr(0, exe.rfind('/'));
}

std::expected<const EjcTlsBackend*, std::string> load() {
  const std::string dir = executable_dir();
  std::string tried;
  for (const std::string& path : {dir + "/ejcluster-tls.so", dir + "/../lib/ejcluster/ejcluster-tls.so"}) {
    // RTLD_LOCAL: its symbols (OpenSSL's, its own C++ runtime) stay out of ours.
    void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module) {
      tried += (tried.empty() ? "" : "; ") + std::string(::dlerror());
      continue;
    }
    auto entry = reinterpret_cast<const EjcTlsBackend* (*)()>(::dlsym(module, "ejcluster_tls_backend"));
    const EjcTlsBackend* backend = entry ? entry() : nullptr;
    if (!backend || backend->abi != kEjcTlsBackendAbi) {
      return std::unexpected(path + " is not this ejcluster's TLS module (another version?): reinstall ejcluster");
    }
    return backend;
  }
  return std::unexpected("TLS distribution needs ejcluster's module ejcluster-tls.so, which is not installed (" + tried + ")");
}

}  // namespace

std::expected<const EjcTlsBackend*, std::string> tls_backend() {
  static std::once_flag once;
  static std::expected<const EjcTlsBackend*, std::string> loaded = std::unexpected(std::string());
  std::call_once(once, [] { loaded = load(); });
  return loaded;
}

}  // namespace ejcluster::erl
