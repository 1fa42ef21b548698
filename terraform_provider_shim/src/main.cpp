#include "plugin_server.h"

int main(int argc, char** argv) { return ejcluster::tf::run_plugin(argc, argv); }
