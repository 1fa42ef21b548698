// How step runners judge the replies of Mnesia's and the application controller's calls.
#pragma once

#include "erl/term.h"

namespace ejcluster::cluster {

// {atomic, ok}: a schema transaction committed.
bool is_atomic_ok(const erl::Term& reply);
// {aborted, {already_exists, ...}}: the change was there before.
bool is_already_exists(const erl::Term& reply);
// ok
bool is_ok(const erl::Term& reply);
// stopped (mnesia:stop)
bool is_stopped(const erl::Term& reply);
// {ok, _} (application:ensure_all_started)
bool is_ok_tuple(const erl::Term& reply);
// Anything: a call made for its effect during recovery, where the first error stands.
bool any_reply(const erl::Term& reply);

}  // namespace ejcluster::cluster
