#include "cluster/reply_checks.h"

namespace ejcluster::cluster {

bool is_atomic_ok(const erl::Term& reply) {
  const auto* pair = reply.tuple_elements();
  return pair && pair->size() == 2 && (*pair)[0].is_atom("atomic") && (*pair)[1].is_atom("ok");
}

bool is_already_exists(const erl::Term& reply) {
  const auto* pair = reply.tuple_elements();
  if (!pair || pair->size() != 2 || !(*pair)[0].is_atom("aborted")) return false;
  const auto* reason = (*pair)[1].tuple_elements();
  return reason && !reason->empty() && (*reason)[0].is_atom("already_exists");
}

bool is_ok(const erl::Term& reply) { return reply.is_atom("ok"); }

bool is_stopped(const erl::Term& reply) { return reply.is_atom("stopped"); }

bool is_ok_tuple(const erl::Term& reply) { return reply.is_tuple(2) && (*reply.tuple_elements())[0].is_atom("ok"); }

bool any_reply(const erl::Term&) { return true; }

}  // namespace ejcluster::cluster
