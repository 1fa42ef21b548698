// Layering probe: a model source may include the model (this must compile, or the probe proves nothing).
#include "model/planner.h"
