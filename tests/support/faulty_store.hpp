// A store whose writes fail on demand (LevelDB's fault-injection Env, for a database): reads
// pass through; while writes are failing, every statement but a SELECT answers kUnavailable as
// a full disk would, inside transactions and out.
#pragma once

#include <atomic>
#include <memory>

#include "core/store.hpp"

namespace zt::test {

class FaultyStore final : public Store {
 public:
  explicit FaultyStore(std::unique_ptr<Store> inner) : inner_(std::move(inner)) {}
  // Thread-safe; takes effect for the next statement.
  void fail_writes(bool on) { failing_ = on; }

  Dialect dialect() const override { return inner_->dialect(); }
  std::string describe() const override { return "faulty " + inner_->describe(); }
  Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override {
    if (refuse(sql)) return fail(injected());
    return inner_->query(sql, params);
  }
  using Store::query;
  Status transact(const std::function<Status(Tx&)>& fn) override {
    return inner_->transact([&](Tx& tx) -> Status {
      FaultyTx faulty(tx, *this);
      return fn(faulty);
    });
  }

 private:
  class FaultyTx final : public Tx {
   public:
    FaultyTx(Tx& inner, FaultyStore& store) : inner_(inner), store_(store) {}
    Dialect dialect() const override { return inner_.dialect(); }
    Result<QueryResult> query(std::string_view sql, std::span<const Param> params) override {
      if (store_.refuse(sql)) return fail(injected());
      return inner_.query(sql, params);
    }
    Status exec_script(std::string_view sql) override {
      if (store_.failing_) return fail(injected());
      return inner_.exec_script(sql);
    }
    Status lock(std::int64_t key) override { return inner_.lock(key); }

   private:
    Tx& inner_;
    FaultyStore& store_;
  };

  static Error injected() {
    return {ErrorKind::kUnavailable, "injected fault: database or disk is full", {}, {}};
  }
  bool refuse(std::string_view sql) const {
    while (!sql.empty() && (sql.front() == ' ' || sql.front() == '\n')) sql.remove_prefix(1);
    return failing_ && !(sql.starts_with("SELECT") || sql.starts_with("select"));
  }

  std::unique_ptr<Store> inner_;
  std::atomic<bool> failing_{false};
};

}  // namespace zt::test
