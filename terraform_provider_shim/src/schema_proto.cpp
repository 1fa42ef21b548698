#include "schema_proto.h"

namespace ejcluster::tf {
namespace {

void attribute_to_proto(const Attribute& attr, tfplugin6::Schema::Attribute* out) {
  out->set_name(attr.name);
  if (!attr.type.is_null()) out->set_type(attr.type.dump());
  if (!attr.nested.empty()) {
    const NestedObject& nested = attr.nested.front();
    auto* object = out->mutable_nested_type();
    for (const Attribute& inner : nested.attributes) attribute_to_proto(inner, object->add_attributes());
    object->set_nesting(nested.nesting == NestedObject::Nesting::kMap ? tfplugin6::Schema::Object::MAP
                                                                      : tfplugin6::Schema::Object::SINGLE);
  }
  out->set_description(attr.description);
  out->set_description_kind(tfplugin6::PLAIN);
  out->set_required(attr.required);
  out->set_optional(attr.optional);
  out->set_computed(attr.computed);
  out->set_sensitive(attr.sensitive);
  out->set_write_only(attr.write_only);
}

}  // namespace

void to_proto(const Block& block, tfplugin6::Schema* out) {
  out->set_version(block.version);
  auto* body = out->mutable_block();
  body->set_version(block.version);
  body->set_description(block.description);
  body->set_description_kind(tfplugin6::PLAIN);
  for (const Attribute& attr : block.attributes) attribute_to_proto(attr, body->add_attributes());
}

void to_proto(const Diagnostic& diagnostic, tfplugin6::Diagnostic* out) {
  out->set_severity(diagnostic.severity == Diagnostic::Severity::kError ? tfplugin6::Diagnostic::ERROR
                                                                         : tfplugin6::Diagnostic::WARNING);
  out->set_summary(diagnostic.summary);
  out->set_detail(diagnostic.detail);
  if (diagnostic.path.empty()) return;
  auto* path = out->mutable_attribute();
  for (const PathStep& step : diagnostic.path) {
    auto* s = path->add_steps();
    switch (step.kind) {
      case PathStep::Kind::kAttribute: s->set_attribute_name(step.name); break;
      case PathStep::Kind::kKey: s->set_element_key_string(step.name); break;
      case PathStep::Kind::kIndex: s->set_element_key_int(step.index); break;
    }
  }
}

}  // namespace ejcluster::tf
