// Small helpers shared by the enforcement module's route files.
#pragma once

#include <initializer_list>
#include <string>

#include <fmt/format.h>

#include "core/auth.hpp"
#include "core/http.hpp"
#include "core/xlsx_writer.hpp"

namespace zt::enforcement {

// The largest amount of money a field takes (yuan): far above any fine, far below where a
// double stops counting cents.
inline constexpr double kMaxAmount = 1e12;

// An optional string field of a JSON body, "" when absent; a wrong type names the field.
inline Result<std::string> str_or_empty(const nlohmann::json& body, const std::string& field,
                                        std::size_t max_bytes = http::kMaxText) {
  auto v = http::optional_string(body, field, max_bytes);
  if (!v) return fail(v.error());
  return v->value_or("");
}

struct XlsxColumn {
  const char* key;
  const char* title;
  double width;
};

// A JSON list as one Excel sheet (?format=xlsx on list routes): every table can be exported.
inline Result<http::Response> xlsx_table(const nlohmann::json& rows, const char* sheet,
                                         const std::vector<XlsxColumn>& columns,
                                         const std::string& ascii_name) {
  XlsxWriter wb;
  std::vector<std::pair<const char*, double>> header;
  for (const auto& c : columns) header.emplace_back(c.title, c.width);
  int ws = wb.sheet(sheet, header);
  int r = 1;
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < columns.size(); ++c) {
      const auto& v = row.contains(columns[c].key) ? row[columns[c].key] : nlohmann::json();
      if (v.is_number())
        wb.number(ws, r, int(c), v.get<double>());
      else if (v.is_string())
        wb.text(ws, r, int(c), v.get<std::string>());
      else if (v.is_boolean())
        wb.text(ws, r, int(c), v.get<bool>() ? "是" : "否");
      else if (v.is_object() && v.contains("due"))
        wb.text(ws, r, int(c), v.value("what", "") + " " + v["due"].get<std::string>());
    }
    ++r;
  }
  auto bytes = wb.finish();
  if (!bytes) return fail(bytes.error());
  // The Chinese file name is the sheet's: 案件.xlsx, 公示.xlsx, 投诉.xlsx.
  return http::download(std::move(*bytes), http::kXlsxType, ascii_name,
                        std::string(sheet) + ".xlsx");
}

inline bool wants_xlsx(const http::Request& req) { return req.q("format").value_or("") == "xlsx"; }

}  // namespace zt::enforcement
