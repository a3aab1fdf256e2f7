// The vehicle register (一车一档): one record per bus — plate, model, energy, length, floor,
// on-board equipment, in service since, depot and whether it runs in the central city —
// imported from Excel (.xlsx) or CSV with a Chinese header. An import is all or nothing: any bad
// row refuses the file, each error naming its row and column. Thread-safety: as the Store.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/audit.hpp"
#include "core/calendar.hpp"
#include "core/ooxml.hpp"
#include "core/store.hpp"

namespace zt::transit {

// Energy kinds; 新能源 (GB/T and 工信部 usage): battery-electric, plug-in hybrid (range extenders
// included) and fuel-cell. A non-plug-in hybrid and natural gas are not.
enum class Energy { kBattery, kPlugInHybrid, kFuelCell, kHybrid, kGas, kDiesel, kGasoline };
std::string_view energy_code(Energy e);   // "bev", "phev", …
std::string_view energy_label(Energy e);  // "纯电动", …
std::optional<Energy> energy_from_code(std::string_view code);
bool is_new_energy(Energy e);

enum class Floor { kLow, kLowEntry, kHigh };  // 低地板, 低入口, 普通

struct Vehicle {
  std::string plate, model;
  Energy energy = Energy::kDiesel;
  std::optional<double> length_m;
  Floor floor = Floor::kHigh;
  bool video = false, passenger_counter = false, driver_partition = false;
  Date in_service_since{};
  std::string depot;
  bool central_city = true;
  nlohmann::json to_json() const;
};

struct RowError {
  int row = 0;
  std::string column, message;
  nlohmann::json to_json() const;
};
struct ParsedRegister {
  std::vector<Vehicle> vehicles;
  std::vector<RowError> errors;  // empty when every row passed
};

// The rows of a register sheet (header first, as xlsx_rows gives them or a CSV read alike).
// A missing required column is an error of row 1.
ParsedRegister parse_vehicle_rows(const std::vector<SheetRow>& rows);
// The bytes of an .xlsx (by its ZIP signature) or a UTF-8 CSV upload as sheet rows.
Result<std::vector<SheetRow>> read_register_rows(std::string bytes, const std::string& what,
                                                 const ZipLimits& limits = {});

// Parses and stores (each plate inserted or replaced) in one audited transaction. Row errors are
// one invalid-input Error naming the first row and column; all of them are in `errors`.
struct ImportOutcome {
  std::size_t inserted = 0, updated = 0;
};
Result<ImportOutcome> import_vehicles(Store& store, std::string bytes, const std::string& file_name,
                                      Instant at, const Actor& who, const ZipLimits& limits,
                                      std::vector<RowError>* errors = nullptr);

Result<std::vector<Vehicle>> list_vehicles(Store& store);

}  // namespace zt::transit
