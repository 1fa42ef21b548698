#include "schema.h"

#include <algorithm>

namespace ejcluster::tf {
namespace {

const Value kString = "string";
const Value kBool = "bool";
const Value kNumber = "number";
const Value kStringList = Value::array({"list", "string"});
const Value kStringMap = Value::array({"map", "string"});

Attribute optional(std::string name, Value type, std::string description) {
  return {.name = std::move(name), .type = std::move(type), .description = std::move(description), .optional = true};
}

Attribute computed(std::string name, Value type, std::string description) {
  return {.name = std::move(name), .type = std::move(type), .description = std::move(description), .computed = true};
}

Attribute nodes_attribute(const char* description) {
  return {.name = "nodes", .type = kStringList, .description = description, .required = true};
}

Attribute cookie_attribute(bool write_only, const char* description) {
  return {.name = "cookie", .type = kString, .description = description, .optional = true, .sensitive = true,
          .write_only = write_only};
}

Attribute timeouts_attribute(bool with_apply_timeouts) {
  std::vector<Attribute> attributes = {
      optional("connect_ms", kNumber, "Connecting to one node, in milliseconds (default 5000)."),
      optional("rpc_ms", kNumber, "One remote call, in milliseconds (default 30000)."),
  };
  if (with_apply_timeouts) {
    attributes.push_back(optional("table_sync_ms", kNumber,
                                  "Copying a table, waiting for tables, starting the application, in milliseconds "
                                  "(default 600000)."));
    attributes.push_back(optional("lock_ms", kNumber,
                                  "Waiting for another apply's cluster lock, in milliseconds (default 600000)."));
  }
  return {.name = "timeouts",
          .type = nullptr,
          .nested = {NestedObject{.attributes = std::move(attributes), .nesting = NestedObject::Nesting::kSingle}},
          .description = "Timeouts (the desired state's timeouts_ms); whole milliseconds, more than 0, at most a day.",
          .optional = true};
}

Attribute dist_port_attribute() {
  return optional("dist_port", kNumber,
                  "The port every node listens on for distribution when the nodes run without epmd (ejabberd's "
                  "ERL_DIST_PORT); the provider then connects to it directly. Default: each node's port is asked of epmd.");
}

Attribute tls_attribute() {
  std::vector<Attribute> attributes = {
      optional("certfile", kString, "PEM certificate (chain) shown to nodes that demand a client certificate."),
      optional("keyfile", kString, "Its private key; not readable by other users. Without it: the key is in certfile."),
      optional("cacertfile", kString, "PEM CAs each node's certificate must chain to; required unless verify is false."),
      optional("verify", kBool, "Check each node's certificate: its chain and its host (default true)."),
  };
  return {.name = "tls",
          .type = nullptr,
          .nested = {NestedObject{.attributes = std::move(attributes), .nesting = NestedObject::Nesting::kSingle}},
          .description = "Erlang distribution over TLS (-proto_dist inet_tls): every connection to a node is TLS. "
                         "Paths only: the files are read by the provider, and nothing of them is stored in the state.",
          .optional = true};
}

Attribute app_attribute() {
  return optional("app", kString,
                  "The application stopped and started around a join (default \"ejabberd\"). For plain Mnesia "
                  "nodes set plain_mnesia = true instead.");
}

Attribute plain_mnesia_attribute() {
  return optional("plain_mnesia", kBool,
                  "The nodes run plain Mnesia, no application (the desired state's \"app\": null). Not together "
                  "with app.");
}

Attribute cookie_file_attribute() {
  return optional("cookie_file", kString,
                  "Path of the Erlang cookie file. Without cookie and cookie_file: the provider's, else "
                  "$HOME/.erlang.cookie.");
}

Block make_provider_schema() {
  Block block;
  block.description =
      "Converges ejabberd / Erlang Mnesia clusters to a declared state (ejcluster). The cookie given here is used "
      "by resources and data sources that give none, and by refresh and import, which Terraform runs without "
      "the resource's configuration. It is never stored in the state.";
  block.attributes = {
      cookie_attribute(false, "The Erlang cookie. Sensitive; provider configuration is never stored in the state."),
      optional("cookie_file", kString, "Path of the Erlang cookie file."),
  };
  return block;
}

Block make_cluster_schema() {
  Block block;
  block.description =
      "An ejabberd / Mnesia cluster in a desired state: members, and where each table lives. Plan runs ejcluster's "
      "plan against the real cluster (planned_actions lists the steps), apply converges it. Destroying the resource "
      "only removes it from the state: the cluster keeps running.";
  std::vector<Attribute> table_attributes = {
      optional("type", kString, "One storage type on every member: ram_copies, disc_copies or disc_only_copies."),
      optional("ram_copies", kStringList, "Members that hold a ram copy."),
      optional("disc_copies", kStringList, "Members that hold a disc copy."),
      optional("disc_only_copies", kStringList, "Members that hold a disc-only copy."),
  };
  block.attributes = {
      computed("id", kString, "The seed's node name (or, after import, the node name imported)."),
      nodes_attribute("The members, name@host; all short names or all long names."),
      optional("seed", kString, "A member whose data survives a merge. Default: chosen by ejcluster."),
      Attribute{.name = "tables",
                .type = nullptr,
                .nested = {NestedObject{.attributes = std::move(table_attributes),
                                        .nesting = NestedObject::Nesting::kMap}},
                .description = "Per-table placement, by table name: type, or node lists per storage type. Tables "
                               "not named keep the seed's type on every member.",
                .optional = true},
      optional("remove_absent", kBool, "Remove members that are not listed (default false: they are reported)."),
      optional("allow_data_loss", kStringList, "Members, other than the seed, that may be reset although they hold data."),
      optional("heal_partitions", kBool,
               "Heal a partition: the nodes off the seed's side are rolled back to it and lose what they wrote since "
               "the split (default false: a partition fails the apply, and nothing is changed)."),
      optional("force_load_from", kString,
               "After a full outage: the waiting member whose disc copies are loaded as they are (writes made after it "
               "went down are lost). Never chosen by the provider."),
      optional("allow_version_skew", kBool,
               "Join nodes although their ejabberd versions differ or their OTP releases are more than 2 apart (a "
               "rolling upgrade); the pre-flight check refuses such joins otherwise."),
      dist_port_attribute(),
      optional("backup_dir", kString,
               "The directory, on each node's host, where a node saves its data before a step drops some (a heal, a "
               "join that resets a node holding data, a running member's removal); writable by the node's user, "
               "outside its Mnesia directory. Default /var/lib/ejcluster/backups."),
      app_attribute(),
      plain_mnesia_attribute(),
      timeouts_attribute(true),
      tls_attribute(),
      cookie_file_attribute(),
      cookie_attribute(true,
                       "The Erlang cookie. Write-only: used by plan and apply, never stored in the plan or the state. "
                       "Refresh and import cannot see it: give the provider a cookie or cookie_file for them."),
      computed("members", kStringList, "The cluster's members (Mnesia db_nodes), as last observed."),
      computed("running", kStringList, "The members running Mnesia (running_db_nodes), as last observed."),
      computed("unreachable", kStringList, "Listed nodes that could not be asked, as last observed."),
      computed("placement", kStringMap,
               "Where each table's copies are: its storage type when every member holds it so (\"disc_copies\"), "
               "else the members per storage type (\"disc_copies: a@h, b@h; ram_copies: c@h\"). As observed; in a "
               "plan, as the planned steps leave it."),
      computed("planned_actions", Value::array({"list", "string"}),
               "The steps the plan found pending, one line each (empty when the cluster is as desired)."),
  };
  return block;
}

Block make_status_schema() {
  Block block;
  block.description = "The observed state of the listed nodes' cluster (ejcluster status). Changes nothing.";
  block.attributes = {
      nodes_attribute("The nodes to ask, name@host."),
      cookie_file_attribute(),
      cookie_attribute(false, "The Erlang cookie. Sensitive; never stored in the state (it reads back as null)."),
      app_attribute(),
      plain_mnesia_attribute(),
      timeouts_attribute(false),
      tls_attribute(),
      dist_port_attribute(),
      computed("members", kStringList, "The cluster's members (of the first listed node that answered)."),
      computed("running", kStringList, "The members running Mnesia."),
      computed("unreachable", kStringList, "Listed nodes that could not be asked."),
      computed("placement", kStringMap,
               "Where each table's copies are: its storage type when every member holds it so, else the members per "
               "storage type (\"disc_copies: a@h, b@h; ram_copies: c@h\")."),
      computed("status", kString, "JSON: everything ejcluster status reports."),
  };
  return block;
}

Value conform_nested(const Value& value, const NestedObject& nested) {
  Block block{.attributes = nested.attributes};
  if (nested.nesting == NestedObject::Nesting::kSingle) return conform(value, block);
  if (!value.is_object()) return value;  // null or unknown
  Value out = Value::object();
  for (const auto& [key, item] : value.items()) out[key] = conform(item, block);
  return out;
}

Value strip_nested(Value value, const NestedObject& nested) {
  Block block{.attributes = nested.attributes};
  if (nested.nesting == NestedObject::Nesting::kSingle) return strip_write_only(std::move(value), block);
  if (!value.is_object()) return value;
  for (auto& item : value) item = strip_write_only(std::move(item), block);
  return value;
}

}  // namespace

const Attribute* Block::find(std::string_view name) const {
  auto found = std::find_if(attributes.begin(), attributes.end(), [&](const Attribute& a) { return a.name == name; });
  return found == attributes.end() ? nullptr : &*found;
}

const Block& provider_schema() {
  static const Block block = make_provider_schema();
  return block;
}

const Block& cluster_schema() {
  static const Block block = make_cluster_schema();
  return block;
}

const Block& status_schema() {
  static const Block block = make_status_schema();
  return block;
}

Value conform(const Value& value, const Block& block) {
  if (!value.is_object()) return value;
  Value out = Value::object();
  for (const Attribute& attr : block.attributes) {
    const Value& item = attribute(value, attr.name);
    out[attr.name] = attr.nested.empty() ? item : conform_nested(item, attr.nested.front());
  }
  return out;
}

Value strip_write_only(Value value, const Block& block) {
  if (!value.is_object()) return value;
  for (const Attribute& attr : block.attributes) {
    auto found = value.find(attr.name);
    if (found == value.end()) continue;
    if (attr.write_only) {
      *found = nullptr;
    } else if (!attr.nested.empty()) {
      *found = strip_nested(std::move(*found), attr.nested.front());
    }
  }
  return value;
}

}  // namespace ejcluster::tf
