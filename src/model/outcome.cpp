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

std::string_view to_string(NodeBackup::Kind kind) {
  switch (kind) {
    case NodeBackup::Kind::kMnesiaBackup: return "mnesia_backup";
    case NodeBackup::Kind::kDirectoryCopy: return "directory_copy";
  }
  return "unknown";
}

}  // namespace ejcluster::cluster
