// The TIDES CSV the operations records are written as uses the field names of the shipped
// schemas (data/tides/), so the agency's other TIDES tools read it.
#include "transit/kpi/tides.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace zt::transit::kpi {
namespace {

std::set<std::string> schema_fields(const std::string& table) {
  std::ifstream in(std::string(ZT_DATA_DIR) + "/tides/" + table + ".schema.json");
  EXPECT_TRUE(in) << table;
  std::set<std::string> out;
  const auto doc = nlohmann::json::parse(in, nullptr, false);
  for (const auto& f : doc["fields"]) out.insert(f["name"].get<std::string>());
  return out;
}

std::vector<std::string> header(const std::string& csv) {
  std::vector<std::string> out;
  std::string first = csv.substr(0, csv.find('\n'));
  if (!first.empty() && first.back() == '\r') first.pop_back();  // CSV rows end in CRLF
  std::stringstream line(first);
  for (std::string f; std::getline(line, f, ',');) out.push_back(f);
  return out;
}

TEST(Tides, TripsPerformedHeaderIsTheSchemas) {
  const auto fields = schema_fields("trips_performed");
  ASSERT_FALSE(fields.empty());
  const auto cols = header(trips_performed_csv({}));
  ASSERT_FALSE(cols.empty());
  for (const auto& c : cols) EXPECT_TRUE(fields.count(c)) << c << " is not a TIDES field";
  EXPECT_TRUE(fields.count("trip_id_performed"));
}

}  // namespace
}  // namespace zt::transit::kpi
