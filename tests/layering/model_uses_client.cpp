// Layering probe: a model source must not see the Erlang client (this must fail to compile).
#include "erl/node_client.h"
