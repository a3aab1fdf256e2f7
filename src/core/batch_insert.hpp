// Multi-row INSERTs for bulk loads (feeds, positions, directories).
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/store.hpp"

namespace zt {

// Called after each batch with the table, rows done and rows in all.
using BatchProgress = std::function<void(std::string_view, std::size_t, std::size_t)>;

// Multi-row INSERTs with bound parameters: one prepared statement per batch size, so a big table
// costs a few hundred round trips rather than one per row.
class BatchInsert {
 public:
  BatchInsert(Tx& tx, std::string table, std::vector<std::string> columns, std::size_t total,
              BatchProgress progress = {}, std::string suffix = {})
      : tx_(tx),
        table_(std::move(table)),
        columns_(std::move(columns)),
        total_(total),
        progress_(std::move(progress)),
        suffix_(std::move(suffix)) {
    // PostgreSQL takes at most 65535 parameters a statement.
    per_batch_ = std::max<std::size_t>(1, std::min<std::size_t>(500, 60000 / columns_.size()));
  }
  Status add(std::vector<Param> row) {
    for (auto& p : row) params_.push_back(std::move(p));
    if (++rows_ == per_batch_) return flush();
    return {};
  }
  // Rows the database reports as written (fewer than added when ON CONFLICT skipped some).
  std::size_t inserted() const { return inserted_; }
  Status flush() {
    if (!rows_) return {};
    std::string sql = "INSERT INTO " + table_ + " (";
    for (std::size_t c = 0; c < columns_.size(); ++c) sql += (c ? ", " : "") + columns_[c];
    sql += ") VALUES ";
    std::size_t n = 0;
    for (std::size_t r = 0; r < rows_; ++r) {
      sql += r ? ",(" : "(";
      for (std::size_t c = 0; c < columns_.size(); ++c)
        sql += (c ? ",$" : "$") + std::to_string(++n);
      sql += ")";
    }
    sql += suffix_;
    auto q = tx_.query(sql, params_);
    if (!q) return fail(q.error());
    inserted_ += std::size_t(q->affected);
    done_ += rows_;
    params_.clear();
    rows_ = 0;
    if (progress_) progress_(table_, done_, total_);
    return {};
  }

 private:
  Tx& tx_;
  std::string table_;
  std::vector<std::string> columns_;
  std::size_t total_, per_batch_ = 500, rows_ = 0, done_ = 0, inserted_ = 0;
  BatchProgress progress_;
  std::string suffix_;  // e.g. " ON CONFLICT DO NOTHING"
  std::vector<Param> params_;
};

}  // namespace zt
