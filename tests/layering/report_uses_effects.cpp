// Layering probe: the report reads the model, not the effects (this must fail to compile).
#include "cluster/converge.h"
