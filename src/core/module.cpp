#include "core/module.hpp"

#include <cassert>

namespace zt {

void AuditRegistry::add(std::string type, AuditVisibility rule) {
  [[maybe_unused]] auto [it, added] = rules_.emplace(std::move(type), std::move(rule));
  assert(added && "two modules answer for one audit object type");
}

const AuditVisibility* AuditRegistry::find(const std::string& type) const {
  auto it = rules_.find(type);
  return it == rules_.end() ? nullptr : &it->second;
}

}  // namespace zt
