// The gRPC services Terraform talks to: tfplugin6.Provider (translated to the resource and data
// source functions, which hold the behaviour) and go-plugin's GRPCController (Shutdown).
//
// Handlers run on gRPC's threads, possibly several at once; ProviderContext serialises the use of
// the nodes. No handler throws: failures become error diagnostics.
#pragma once

#include <atomic>
#include <functional>

#include "grpc_controller.grpc.pb.h"
#include "provider_context.h"
#include "tfplugin6.grpc.pb.h"

namespace ejcluster::tf {

class ProviderService final : public tfplugin6::Provider::Service {
 public:
  explicit ProviderService(ProviderContext& context) : context_(context) {}

  using Ctx = grpc::ServerContext;
  grpc::Status GetProviderSchema(Ctx*, const tfplugin6::GetProviderSchema::Request*,
                                 tfplugin6::GetProviderSchema::Response*) override;
  grpc::Status ValidateProviderConfig(Ctx*, const tfplugin6::ValidateProviderConfig::Request*,
                                      tfplugin6::ValidateProviderConfig::Response*) override;
  grpc::Status ValidateResourceConfig(Ctx*, const tfplugin6::ValidateResourceConfig::Request*,
                                      tfplugin6::ValidateResourceConfig::Response*) override;
  grpc::Status ValidateDataResourceConfig(Ctx*, const tfplugin6::ValidateDataResourceConfig::Request*,
                                          tfplugin6::ValidateDataResourceConfig::Response*) override;
  grpc::Status UpgradeResourceState(Ctx*, const tfplugin6::UpgradeResourceState::Request*,
                                    tfplugin6::UpgradeResourceState::Response*) override;
  grpc::Status ConfigureProvider(Ctx*, const tfplugin6::ConfigureProvider::Request*,
                                 tfplugin6::ConfigureProvider::Response*) override;
  grpc::Status ReadResource(Ctx*, const tfplugin6::ReadResource::Request*, tfplugin6::ReadResource::Response*) override;
  grpc::Status PlanResourceChange(Ctx*, const tfplugin6::PlanResourceChange::Request*,
                                  tfplugin6::PlanResourceChange::Response*) override;
  grpc::Status ApplyResourceChange(Ctx*, const tfplugin6::ApplyResourceChange::Request*,
                                   tfplugin6::ApplyResourceChange::Response*) override;
  grpc::Status ImportResourceState(Ctx*, const tfplugin6::ImportResourceState::Request*,
                                   tfplugin6::ImportResourceState::Response*) override;
  grpc::Status ReadDataSource(Ctx*, const tfplugin6::ReadDataSource::Request*,
                              tfplugin6::ReadDataSource::Response*) override;
  grpc::Status StopProvider(Ctx*, const tfplugin6::StopProvider::Request*, tfplugin6::StopProvider::Response*) override;

 private:
  ProviderContext& context_;
};

// Shutdown only asks the process to stop (`request_stop`): the server must not be shut down from
// inside one of its own handlers.
class ControllerService final : public plugin::GRPCController::Service {
 public:
  explicit ControllerService(std::function<void()> request_stop) : request_stop_(std::move(request_stop)) {}
  grpc::Status Shutdown(grpc::ServerContext*, const plugin::Empty*, plugin::Empty*) override;

 private:
  std::function<void()> request_stop_;
};

}  // namespace ejcluster::tf
