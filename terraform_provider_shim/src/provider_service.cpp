#include "provider_service.h"

#include <exception>

#include "cluster_resource.h"
#include "schema_proto.h"
#include "status_data_source.h"

namespace ejcluster::tf {
namespace {

Diagnostic error(std::string summary, std::string detail) {
  return {.severity = Diagnostic::Severity::kError, .summary = std::move(summary), .detail = std::move(detail)};
}

// A DynamicValue as a Value: msgpack, or JSON where Terraform sends that; nothing is null.
std::expected<Value, Diagnostic> decode(const tfplugin6::DynamicValue& value, const char* what) {
  auto decoded = !value.msgpack().empty() ? from_msgpack(value.msgpack()) : from_json_text(value.json());
  if (!decoded) return std::unexpected(error(std::string("Unreadable ") + what + " from Terraform", decoded.error()));
  return *decoded;
}

void encode(const Value& value, tfplugin6::DynamicValue* out) { out->set_msgpack(to_msgpack(value)); }

bool is_type(const std::string& name, const char* expected, Diagnostics& diagnostics) {
  if (name == expected) return true;
  diagnostics.push_back(error("Unknown type " + name, "This provider has ejcluster_cluster and ejcluster_status."));
  return false;
}

// Runs `body`, turning anything it throws into an error diagnostic, and adds the diagnostics to
// the response.
template <typename Response, typename Body>
grpc::Status respond(Response* response, Body body) {
  Diagnostics diagnostics;
  try {
    body(diagnostics);
  } catch (const std::exception& e) {
    diagnostics.push_back(error("Internal error in the ejcluster provider", e.what()));
  }
  add_diagnostics(diagnostics, response->mutable_diagnostics());
  return grpc::Status::OK;
}

void append(Diagnostics& to, const Diagnostics& from) { to.insert(to.end(), from.begin(), from.end()); }

}  // namespace

grpc::Status ProviderService::GetProviderSchema(Ctx*, const tfplugin6::GetProviderSchema::Request*,
                                                tfplugin6::GetProviderSchema::Response* response) {
  to_proto(provider_schema(), response->mutable_provider());
  to_proto(cluster_schema(), &(*response->mutable_resource_schemas())[kClusterType]);
  to_proto(status_schema(), &(*response->mutable_data_source_schemas())[kStatusType]);
  return grpc::Status::OK;
}

grpc::Status ProviderService::ValidateProviderConfig(Ctx*, const tfplugin6::ValidateProviderConfig::Request* request,
                                                     tfplugin6::ValidateProviderConfig::Response* response) {
  return respond(response, [&](Diagnostics& out) {
    auto config = decode(request->config(), "provider configuration");
    if (!config) return out.push_back(config.error());
    if (!attribute(*config, "cookie").is_null() && !attribute(*config, "cookie_file").is_null()) {
      out.push_back({.severity = Diagnostic::Severity::kError,
                     .summary = "Conflicting attributes",
                     .detail = "Give cookie or cookie_file, not both.",
                     .path = {{PathStep::Kind::kAttribute, "cookie", 0}}});
    }
  });
}

grpc::Status ProviderService::ValidateResourceConfig(Ctx*, const tfplugin6::ValidateResourceConfig::Request* request,
                                                     tfplugin6::ValidateResourceConfig::Response* response) {
  return respond(response, [&](Diagnostics& out) {
    if (!is_type(request->type_name(), kClusterType, out)) return;
    auto config = decode(request->config(), "configuration");
    if (!config) return out.push_back(config.error());
    append(out, validate_cluster(*config));
  });
}

grpc::Status ProviderService::ValidateDataResourceConfig(Ctx*, const tfplugin6::ValidateDataResourceConfig::Request* request,
                                                         tfplugin6::ValidateDataResourceConfig::Response* response) {
  return respond(response, [&](Diagnostics& out) {
    if (!is_type(request->type_name(), kStatusType, out)) return;
    auto config = decode(request->config(), "configuration");
    if (!config) return out.push_back(config.error());
    append(out, validate_status(*config));
  });
}

grpc::Status ProviderService::UpgradeResourceState(Ctx*, const tfplugin6::UpgradeResourceState::Request* request,
                                                   tfplugin6::UpgradeResourceState::Response* response) {
  return respond(response, [&](Diagnostics& out) {
    if (!is_type(request->type_name(), kClusterType, out)) return;
    if (request->raw_state().json().empty() && !request->raw_state().flatmap().empty()) {
      return out.push_back(error("Cannot upgrade the state", "The state is in the legacy flatmap format."));
    }
    auto raw = from_json_text(request->raw_state().json());
    if (!raw) return out.push_back(error("Unreadable state", raw.error()));
    Result result = upgrade_cluster(*raw);
    append(out, result.diagnostics);
    encode(result.state, response->mutable_upgraded_state());
  });
}

grpc::Status ProviderService::ConfigureProvider(Ctx*, const tfplugin6::ConfigureProvider::Request* request,
                                                tfplugin6::ConfigureProvider::Response* response) {
  return respond(response, [&](Diagnostics& out) {
    auto config = decode(request->config(), "provider configuration");
    if (!config) return out.push_back(config.error());
    context_.set_cookie_defaults({known_string(*config, "cookie"), known_string(*config, "cookie_file")});
  });
}

grpc::Status ProviderService::ReadResource(Ctx*, const tfplugin6::ReadResource::Request* request,
                                           tfplugin6::ReadResource::Response* response) {
  return respond(response, [&](Diagnostics& out) {
    if (!is_type(request->type_name(), kClusterType, out)) return;
    auto current = decode(request->current_state(), "state");
    if (!current) return out.push_back(current.error());
    Result result = read_cluster(context_, *current);
    append(out, result.diagnostics);
    encode(result.state, response->mutable_new_state());
    response->set_private_(request->private_());
  });
}

grpc::Status ProviderService::PlanResourceChange(Ctx*, const tfplugin6::PlanResourceChange::Request* request,
                                                 tfplugin6::PlanResourceChange::Response* response) {
  return respond(response, [&](Diagnostics& out) {
    if (!is_type(request->type_name(), kClusterType, out)) return;
    auto prior = decode(request->prior_state(), "prior state");
    auto proposed = decode(request->proposed_new_state(), "proposed state");
    auto config = decode(request->config(), "configuration");
    for (const auto* value : {&prior, &proposed, &config}) {
      if (!*value) return out.push_back(value->error());
    }
    Result result = plan_cluster(context_, *prior, *proposed, *config);
    append(out, result.diagnostics);
    encode(result.state, response->mutable_planned_state());
    response->set_planned_private(request->prior_private());
  });
}

grpc::Status ProviderService::ApplyResourceChange(Ctx*, const tfplugin6::ApplyResourceChange::Request* request,
                                                  tfplugin6::ApplyResourceChange::Response* response) {
  return respond(response, [&](Diagnostics& out) {
    if (!is_type(request->type_name(), kClusterType, out)) return;
    auto prior = decode(request->prior_state(), "prior state");
    auto planned = decode(request->planned_state(), "planned state");
    auto config = decode(request->config(), "configuration");
    for (const auto* value : {&prior, &planned, &config}) {
      if (!*value) return out.push_back(value->error());
    }
    Result result = apply_cluster(context_, *prior, *planned, *config);
    append(out, result.diagnostics);
    encode(result.state, response->mutable_new_state());
  });
}

grpc::Status ProviderService::ImportResourceState(Ctx*, const tfplugin6::ImportResourceState::Request* request,
                                                  tfplugin6::ImportResourceState::Response* response) {
  return respond(response, [&](Diagnostics& out) {
    if (!is_type(request->type_name(), kClusterType, out)) return;
    Result result = import_cluster(request->id());
    append(out, result.diagnostics);
    if (result.state.is_null()) return;
    auto* imported = response->add_imported_resources();
    imported->set_type_name(kClusterType);
    encode(result.state, imported->mutable_state());
  });
}

grpc::Status ProviderService::ReadDataSource(Ctx*, const tfplugin6::ReadDataSource::Request* request,
                                             tfplugin6::ReadDataSource::Response* response) {
  return respond(response, [&](Diagnostics& out) {
    if (!is_type(request->type_name(), kStatusType, out)) return;
    auto config = decode(request->config(), "configuration");
    if (!config) return out.push_back(config.error());
    Result result = read_status(context_, *config);
    append(out, result.diagnostics);
    encode(result.state, response->mutable_state());
  });
}

grpc::Status ProviderService::StopProvider(Ctx*, const tfplugin6::StopProvider::Request*,
                                           tfplugin6::StopProvider::Response*) {
  // A running converge has no cancellation point: it finishes its current step sequence (every
  // call has a deadline), so Terraform's stop waits for it rather than leaving a half-done join.
  return grpc::Status::OK;
}

grpc::Status ControllerService::Shutdown(grpc::ServerContext*, const plugin::Empty*, plugin::Empty*) {
  request_stop_();
  return grpc::Status::OK;
}

}  // namespace ejcluster::tf
