#include "cluster/node_backup.h"

#include "cluster/fault_injection.h"

namespace ejcluster::cluster {
namespace {

using erl::Term;

// Binds Path, Dir/<node>/<UTC time>-<Op><Suffix>, so that names sort by time and say which step
// the backup was taken before; or answers {error, _} when that lies inside the Mnesia directory:
// mnesia:delete_schema (a join, a leave) empties that directory and every one under it. Path and
// MnesiaDir are both binaries: filename:split then compares them part by part.
std::string with_backup_path(std::string_view suffix, std::string_view body) {
  return std::string(R"ERL(
MnesiaDir = unicode:characters_to_binary(filename:absname(mnesia:system_info(directory))),
{{Year, Month, Day}, {Hour, Minute, Second}} = calendar:universal_time(),
Stamp = io_lib:format("~4..0w~2..0w~2..0wT~2..0w~2..0w~2..0wZ-", [Year, Month, Day, Hour, Minute, Second]),
Path = filename:join([Dir, atom_to_binary(node(), utf8), iolist_to_binary([Stamp, Op, ")ERL") +
         std::string(suffix) + R"ERL("])]),
case lists:prefix(filename:split(MnesiaDir), filename:split(Path)) of
  true -> {error, {inside_mnesia_directory, MnesiaDir}};
  false -> )ERL" + std::string(body) + "\nend.\n";
}

}  // namespace

// mnesia_backup opens a string path, not a binary.
const std::string kMnesiaBackupExpression = with_backup_path(".mnesia-backup", R"ERL(
    case filelib:ensure_dir(Path) of
      {error, Why} -> {error, {cannot_create, filename:dirname(Path), Why}};
      ok ->
        _ = file:change_mode(filename:dirname(Path), 8#700),
        case mnesia:activate_checkpoint([{max, mnesia:system_info(local_tables)}, {ram_overrides_dump, true}]) of
          {ok, Checkpoint, _} ->
            Saved = mnesia:backup_checkpoint(Checkpoint, unicode:characters_to_list(Path)),
            _ = mnesia:deactivate_checkpoint(Checkpoint),
            case Saved of
              ok -> _ = file:change_mode(Path, 8#600), {ok, Path, filelib:file_size(Path)};
              Failed -> Failed
            end;
          Failed -> Failed
        end
    end)ERL");

const std::string kDirectoryCopyExpression = with_backup_path(".mnesia-dir", R"ERL(
    case file:list_dir(MnesiaDir) of
      {error, enoent} -> {ok, <<>>, 0};
      {error, Why} -> {error, {cannot_list, MnesiaDir, Why}};
      {ok, Files} ->
        case filelib:ensure_dir(filename:join(Path, "x")) of
          {error, Why} -> {error, {cannot_create, Path, Why}};
          ok ->
            _ = file:change_mode(filename:dirname(Path), 8#700),
            _ = file:change_mode(Path, 8#700),
            Copy = fun(File, {ok, Bytes}) ->
                         From = filename:join(MnesiaDir, File),
                         case filelib:is_regular(From) of
                           false -> {ok, Bytes};
                           true ->
                             case file:copy(From, filename:join(Path, File)) of
                               {ok, Copied} -> {ok, Bytes + Copied};
                               {error, Why} -> {error, {cannot_copy, From, Why}}
                             end
                         end;
                      (_, Failed) -> Failed
                    end,
            case lists:foldl(Copy, {ok, 0}, Files) of
              {ok, Bytes} -> {ok, Path, Bytes};
              Failed -> Failed
            end
        end
    end)ERL");

std::expected<NodeBackup, StepError> back_up_node(StepContext& context, const erl::NodeName& node, std::string_view op) {
  const std::string call = "backup under " + context.desired.backup_dir + " before " + std::string(op) + " on " + node.full();
  const auto rpc = context.desired.timeouts.rpc;
  // A Mnesia backup needs Mnesia running; with it stopped, its files are at rest and copied.
  auto running = context.client.call(node, "mnesia", "system_info", {Term::atom("is_running")}, rpc);
  if (!running) return std::unexpected(StepError{call, running.error().message()});
  // starting or stopping: neither a checkpoint nor files at rest can be had.
  if (!running->is_atom("yes") && !running->is_atom("no")) return std::unexpected(StepError{call, running->to_string()});
  bool mnesia_running = running->is_atom("yes");
  auto reply = context.evaluator.evaluate(node, mnesia_running ? kMnesiaBackupExpression : kDirectoryCopyExpression,
                                          context.desired.timeouts.table_sync + rpc,
                                          {{"Dir", Term::binary(context.desired.backup_dir)}, {"Op", Term::binary(op)}});
  if (!reply) return std::unexpected(StepError{call, reply.error().message()});
  const auto* saved = reply->tuple_elements();  // {ok, Path, Bytes}
  if (!saved || saved->size() != 3 || !(*saved)[0].is_atom("ok") || !(*saved)[1].text() || !(*saved)[2].integer_value()) {
    return std::unexpected(StepError{call, reply->to_string()});
  }
  fault_point("backup:saved");
  return NodeBackup{.node = node.full(),
                    .path = *(*saved)[1].text(),
                    .bytes = *(*saved)[2].integer_value(),
                    .kind = mnesia_running ? NodeBackup::Kind::kMnesiaBackup : NodeBackup::Kind::kDirectoryCopy};
}

StepOutcome back_up_before(StepContext& context, const erl::NodeName& node, const Step& step) {
  if (!step.backup) return {};
  auto say = [&](const std::string& what) {
    if (context.progress) context.progress("  " + step.node + ": " + what);
  };
  say("save its data under " + context.desired.backup_dir);
  auto saved = back_up_node(context, node, to_string(step.kind));
  if (!saved) return std::unexpected(saved.error());
  say(saved->path.empty() ? "no Mnesia directory: nothing to save"
                          : "saved " + saved->path + " (" + std::to_string(saved->bytes) + " bytes)");
  context.backup = std::move(*saved);
  return {};
}

}  // namespace ejcluster::cluster
