#include "core/store.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>

namespace zt {

const std::string& Row::str(std::size_t i) const {
  static const std::string kEmpty;
  const auto& c = cells_.at(i);
  return c ? *c : kEmpty;
}

std::optional<std::int64_t> Row::opt_i64(std::size_t i) const {
  const auto& c = cells_.at(i);
  if (!c) return std::nullopt;
  std::int64_t v = 0;
  auto r = std::from_chars(c->data(), c->data() + c->size(), v);
  if (r.ec != std::errc{}) {
    // SQLite may hand back a REAL for integer arithmetic; truncate it.
    return static_cast<std::int64_t>(std::strtod(c->c_str(), nullptr));
  }
  return v;
}

std::int64_t Row::i64(std::size_t i) const { return opt_i64(i).value_or(0); }

double Row::f64(std::size_t i) const {
  const auto& c = cells_.at(i);
  return c ? std::strtod(c->c_str(), nullptr) : 0.0;
}

Result<std::unique_ptr<Store>> Store::open(std::string_view url, int pool_size) {
  if (url.starts_with("sqlite:"))
    return open_sqlite_store(std::string(url.substr(7)), std::clamp(pool_size, 0, 8));
  if (url.starts_with("postgresql://") || url.starts_with("postgres://"))
    return open_postgres_store(std::string(url), pool_size);
  return fail(Error::invalid(
      "unknown database URL '" + std::string(url) + "': use sqlite:PATH or postgresql://...",
      "db"));
}

Result<std::unique_ptr<Store>> Store::open_read_only(std::string_view url) {
  if (url.starts_with("sqlite:")) return open_sqlite_store_read_only(std::string(url.substr(7)));
  auto store = open(url, 1);
  if (!store) return store;
  if (auto r = (*store)->query("SET SESSION default_transaction_read_only = on"); !r)
    return fail(r.error());
  return store;
}

Result<QueryResult> Store::query(std::string_view sql, std::initializer_list<Param> params) {
  return query(sql, std::span<const Param>(params.begin(), params.size()));
}

Result<QueryResult> Store::query(std::string_view sql, std::span<const Param> params) {
  std::optional<QueryResult> out;
  auto st = transact([&](Tx& tx) -> Status {
    auto r = tx.query(sql, params);
    if (!r) return fail(r.error());
    out = std::move(*r);
    return {};
  });
  if (!st) return fail(st.error());
  return std::move(*out);
}

Status write_probe_row(Tx& tx, std::int64_t now_s) {
  auto r = tx.query(
      "INSERT INTO health_probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = "
      "excluded.at",
      {now_s});
  if (!r) return fail(r.error());
  return {};
}

Status Store::probe_write(std::int64_t now_s) {
  return transact([&](Tx& tx) { return write_probe_row(tx, now_s); });
}

}  // namespace zt
