// ClusterLock against FakeCluster: taken through one evaluation on the host, released by a
// message to the holder when the lock goes out of scope, refused when another holder keeps it.
#include "cluster/cluster_lock.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "../support/doctest_printers.h"
#include "../support/fake_cluster.h"

namespace ejcluster::cluster {
namespace {

using erl::Term;
using testing::FakeCluster;
using Texts = std::vector<std::string>;
using namespace std::chrono_literals;

const std::string n1 = "ejabberd1@h";
const std::string n2 = "ejabberd2@h";

struct Bench {
  Bench() { fake.add_cluster({n1, n2}, {}); }
  FakeCluster fake;
  erl::RemoteEvaluator evaluator{fake};
  erl::NodeName host = *erl::NodeName::parse(n1);

  std::expected<ClusterLock, std::string> acquire() { return ClusterLock::acquire(fake, evaluator, host, {n1, n2}, 2000ms, 500ms); }
};

const std::string kLockCall = n1 + " eval:lock_holder(CNode=ejcluster_test@localhost,Nodes=[" + n1 + "," + n2 + "],WaitMs=2000)";

TEST_CASE("cluster_lock: acquired through one evaluation on the host, released when it goes") {
  Bench bench;
  {
    auto lock = bench.acquire();
    REQUIRE_MESSAGE(lock.has_value(), (lock ? std::string() : lock.error()));
    CHECK(lock->host() == n1);
    CHECK(bench.fake.call_texts() == Texts{kLockCall});
  }
  CHECK(bench.fake.call_texts() == Texts{kLockCall, n1 + " erlang:send(<0.100.0>,release)"});
}

TEST_CASE("cluster_lock: a moved lock is released once, by its last owner") {
  Bench bench;
  {
    std::optional<ClusterLock> kept;
    {
      auto lock = bench.acquire();
      REQUIRE(lock.has_value());
      kept.emplace(std::move(*lock));
    }  // the moved-from lock goes here, and releases nothing
    CHECK(bench.fake.call_texts() == Texts{kLockCall});
  }
  CHECK(bench.fake.call_texts() == Texts{kLockCall, n1 + " erlang:send(<0.100.0>,release)"});
}

TEST_CASE("cluster_lock: while one apply holds it, another is refused, and gets it once released") {
  Bench bench;
  std::optional<ClusterLock> first;
  {
    auto lock = bench.acquire();
    REQUIRE(lock.has_value());
    first.emplace(std::move(*lock));
  }
  auto second = bench.acquire();
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error().find("another ejcluster apply held the cluster lock for longer than 2000 ms") == 0);
  first.reset();
  CHECK(bench.acquire().has_value());
}

TEST_CASE("cluster_lock: a holder that answers timeout is a refusal that says nothing changed") {
  Bench bench;
  bench.fake.refuse_lock();
  auto lock = bench.acquire();
  REQUIRE_FALSE(lock.has_value());
  CHECK(lock.error() ==
        "another ejcluster apply held the cluster lock for longer than 2000 ms (timeouts_ms.lock); nothing was changed");
  CHECK(bench.fake.call_texts() == Texts{kLockCall});  // and no release: nothing was held
}

TEST_CASE("cluster_lock: an unreadable reply or a failed call is an error that names the host") {
  Bench bench;
  SUBCASE("the holder failed to set the lock") {
    bench.fake.fail_next(n1, "eval", "lock_holder", Term::atom("failed"));
    auto lock = bench.acquire();
    REQUIRE_FALSE(lock.has_value());
    CHECK(lock.error() == "cannot take the cluster lock on " + n1 + ": failed");
  }
  SUBCASE("a tuple of another shape") {
    bench.fake.fail_next(n1, "eval", "lock_holder", Term::tuple({Term::atom("ok"), Term::atom("x")}));
    auto lock = bench.acquire();
    REQUIRE_FALSE(lock.has_value());
    CHECK(lock.error() == "cannot take the cluster lock on " + n1 + ": {ok,x}");
  }
  SUBCASE("the host does not answer") {
    bench.fake.set_reachable(n1, false);
    auto lock = bench.acquire();
    REQUIRE_FALSE(lock.has_value());
    CHECK(lock.error().find("cannot take the cluster lock on " + n1 + ": " + n1 + ": no node of that name") == 0);
  }
  CHECK(bench.fake.call_texts() == Texts{kLockCall});  // nothing to release
}

TEST_CASE("cluster_lock: without a C node name nothing is asked") {
  Bench bench;
  bench.fake.set_local_name("");
  auto lock = bench.acquire();
  REQUIRE_FALSE(lock.has_value());
  CHECK(lock.error() == "no C node name to hold the cluster lock from");
  CHECK(bench.fake.calls().empty());
}

}  // namespace
}  // namespace ejcluster::cluster
