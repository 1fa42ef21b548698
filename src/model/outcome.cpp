#include "model/outcome.h"

namespace ejcluster::cluster {

std::string_view to_string(ActionResult::Status status) {
  switch (status) {
    case ActionResult::Status::kPlanned: return "planned";
    case ActionResult::Status::kDone: return "done";
    case ActionResult::Status::kFailed: return "failed";
    case ActionResult::Status::kSkipped: return "skipped";
  }
  return "unknown";
}

}  // namespace ejcluster::cluster
