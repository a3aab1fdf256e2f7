// Small helpers shared by the supervision module's route files.
#pragma once

#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/auth.hpp"
#include "core/http.hpp"
#include "core/http_fields.hpp"
#include "supervision/unit_search.hpp"

namespace zt::supervision {

using http::download;
using http::kXlsxType;

// ?page= (from 1) and ?per_page= (1–200) of a paged list; without per_page the list is whole
// (per_page 0), as callers before pagination read it.
struct PageParams {
  int page = 1;
  int per_page = 0;
};
inline Result<PageParams> page_params(const http::Request& req) {
  auto page = http::query_int_or(req, "page", 1, 1, 1000000);
  if (!page) return fail(page.error());
  auto per_page = http::query_int(req, "per_page", 1, 200);
  if (!per_page) return fail(per_page.error());
  return PageParams{int(*page), per_page->has_value() ? int(**per_page) : 0};
}

// ?unit=: a unit's id, or its name, an alias or a short form of either (unit_name_matches);
// nullopt when absent or blank.
inline Result<std::optional<std::vector<UnitId>>> unit_param(const http::Request& req,
                                                             Store& store) {
  auto unit = http::query_string(req, "unit");
  if (!unit) return fail(unit.error());
  if (!*unit || (*unit)->find_first_not_of(" \t") == std::string::npos)
    return std::optional<std::vector<UnitId>>{};
  if (auto id = http::parse_int(**unit, "unit", 1); id)
    return std::optional<std::vector<UnitId>>{std::vector<UnitId>{UnitId{*id}}};
  auto ids = units_matching(store, **unit);
  if (!ids) return fail(ids.error());
  return std::optional<std::vector<UnitId>>{std::move(*ids)};
}

// The answer's paging fields: "total", "page", "per_page" (0 = all on one page).
inline void add_paging(nlohmann::json& out, int total, const PageParams& p) {
  out["total"] = total;
  out["page"] = p.page;
  out["per_page"] = p.per_page;
}

}  // namespace zt::supervision
