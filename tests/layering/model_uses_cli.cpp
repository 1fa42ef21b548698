// Layering probe: a model source must not see the command line (this must fail to compile).
#include "cli/options.h"
