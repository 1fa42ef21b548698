#include "plugin_server.h"

#include <csignal>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include "provider_service.h"
#include "tls_certificate.h"

namespace ejcluster::tf {
namespace {

constexpr const char* kMagicCookieKey = "TF_PLUGIN_MAGIC_COOKIE";
constexpr const char* kMagicCookieValue = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
constexpr int kCoreProtocolVersion = 1;  // go-plugin's
constexpr int kAppProtocolVersion = 6;   // Terraform's plugin protocol
constexpr auto kGracePeriod = std::chrono::seconds(3);
constexpr auto kWatchdog = std::chrono::seconds(10);

// Set once, from any thread (Shutdown handler, signal thread); the main thread waits for it.
class StopRequest {
 public:
  void request(const char* why) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopped_) reason_ = why;
    stopped_ = true;
    cv_.notify_all();
  }
  bool wait_for(std::chrono::milliseconds period) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, period, [&] { return stopped_; });
  }
  std::string reason() {
    std::lock_guard<std::mutex> lock(mutex_);
    return reason_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopped_ = false;
  std::string reason_;
};

bool speaks_protocol_6(const char* versions) {
  if (versions == nullptr || *versions == '\0') return true;  // not offered: go-plugin's default
  std::stringstream list(versions);
  std::string item;
  while (std::getline(list, item, ',')) {
    if (item == std::to_string(kAppProtocolVersion)) return true;
  }
  return false;
}

// A private directory under $TMPDIR for the socket; "" on failure.
std::string make_socket_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/ejcluster-plugin-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

}  // namespace

int run_plugin(int, char**) {
  const char* magic = std::getenv(kMagicCookieKey);
  if (magic == nullptr || std::string(magic) != kMagicCookieValue) {
    std::cerr << "terraform-provider-ejcluster is a Terraform provider plugin: Terraform runs it; it is not meant to be "
                 "run directly.\nSee terraform_provider_shim/README.md for how to install it.\n";
    return 1;
  }
  if (!speaks_protocol_6(std::getenv("PLUGIN_PROTOCOL_VERSIONS"))) {
    std::cerr << "terraform-provider-ejcluster speaks plugin protocol 6 only; this Terraform offers "
              << std::getenv("PLUGIN_PROTOCOL_VERSIONS") << "\n";
    return 1;
  }

  // Before any thread starts, so that every thread inherits it: SIGTERM and SIGHUP are taken by
  // one thread with sigwait; SIGINT and SIGPIPE (libei writes to sockets) are ignored.
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGPIPE, SIG_IGN);
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  StopRequest stop;
  std::thread([&stop, stop_signals] {
    int signal_number = 0;
    if (sigwait(&stop_signals, &signal_number) == 0) stop.request(signal_number == SIGTERM ? "SIGTERM" : "SIGHUP");
  }).detach();

  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::string handshake_cert;
  const char* client_cert = std::getenv("PLUGIN_CLIENT_CERT");
  if (client_cert != nullptr && *client_cert != '\0') {
    auto cert = make_certificate();
    if (!cert) {
      std::cerr << "terraform-provider-ejcluster: " << cert.error() << "\n";
      return 1;
    }
    grpc::SslServerCredentialsOptions options(GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
    options.pem_root_certs = client_cert;
    options.pem_key_cert_pairs.push_back({cert->key_pem, cert->cert_pem});
    credentials = grpc::SslServerCredentials(options);
    handshake_cert = base64_unpadded(cert->cert_der);
  } else {
    credentials = grpc::InsecureServerCredentials();  // TF_DISABLE_PLUGIN_TLS: no client certificate
  }

  const std::string socket_dir = make_socket_dir();
  if (socket_dir.empty()) {
    std::cerr << "terraform-provider-ejcluster: cannot make a socket directory under $TMPDIR\n";
    return 1;
  }
  const std::string socket_path = socket_dir + "/plugin.sock";
  auto remove_socket = [&] {
    ::unlink(socket_path.c_str());
    ::rmdir(socket_dir.c_str());
  };

  // Lives until the process ends: the watchdog below may outlast this function.
  auto& context = *new ProviderContext;
  ProviderService provider(context);
  ControllerService controller([&stop] { stop.request("GRPCController.Shutdown"); });
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort("unix:" + socket_path, credentials);
  builder.RegisterService(&provider);
  builder.RegisterService(&controller);
  builder.SetMaxReceiveMessageSize(256 * 1024 * 1024);
  builder.SetMaxSendMessageSize(256 * 1024 * 1024);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::cerr << "terraform-provider-ejcluster: cannot serve on " << socket_path << "\n";
    remove_socket();
    return 1;
  }
  if (auto* health = server->GetHealthCheckService()) health->SetServingStatus("plugin", true);

  std::printf("%d|%d|unix|%s|grpc|%s\n", kCoreProtocolVersion, kAppProtocolVersion, socket_path.c_str(),
              handshake_cert.c_str());
  std::fflush(stdout);

  const pid_t parent = getppid();
  while (!stop.wait_for(std::chrono::milliseconds(250))) {
    if (getppid() != parent) stop.request("Terraform went away");
  }
  std::cerr << "[DEBUG] terraform-provider-ejcluster: stopping (" << stop.reason() << ")\n";

  remove_socket();
  // Handlers that still run after the grace period are cut short, except work on the nodes: a
  // join stopped halfway would leave a node without its application (every call it makes has a
  // deadline, so it ends).
  std::thread([&context] {
    std::this_thread::sleep_for(kWatchdog);
    while (context.access().busy()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    std::cerr << "[WARN] terraform-provider-ejcluster: handlers did not finish; exiting\n";
    std::_Exit(0);
  }).detach();
  server->Shutdown(std::chrono::system_clock::now() + kGracePeriod);
  return 0;
}

}  // namespace ejcluster::tf
