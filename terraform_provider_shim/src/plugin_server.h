// run_plugin(): the provider process, as Terraform (go-plugin) runs it.
//
// Checks the magic cookie and the protocol version (6), listens on a fresh unix socket under
// $TMPDIR, serves gRPC (mutual TLS with a fresh certificate when Terraform sends
// PLUGIN_CLIENT_CERT, else plaintext, as with TF_DISABLE_PLUGIN_TLS), prints the handshake line
// as the first line on stdout, and serves until Terraform calls GRPCController.Shutdown, sends
// SIGTERM or SIGHUP, or goes away (the parent process changes). SIGINT is ignored: Ctrl-C reaches
// the provider too, and Terraform stops it in order. On the way out the socket is unlinked; a
// watchdog ends the process if handlers do not finish within 10 s, unless one is still working on
// the nodes (a join is never cut short). Returns the exit code.
#pragma once

namespace ejcluster::tf {

int run_plugin(int argc, char** argv);

}  // namespace ejcluster::tf
