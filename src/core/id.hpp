// Strong ids (after nigiri's cista::strong): a UnitId cannot be passed where a UserId is expected.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace zt {

template <class Tag>
struct Id {
  std::int64_t value = 0;
  constexpr auto operator<=>(const Id&) const = default;
  constexpr bool valid() const { return value > 0; }
};

using UnitId = Id<struct UnitTag>;
using UserId = Id<struct UserTag>;

}  // namespace zt

template <class Tag>
struct std::hash<zt::Id<Tag>> {
  std::size_t operator()(const zt::Id<Tag>& id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
