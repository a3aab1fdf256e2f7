#include "transit/jt808/store_queue.hpp"

#include <exception>

#include <spdlog/spdlog.h>

namespace zt::transit::jt808 {

StoreQueue::StoreQueue(std::size_t capacity) : capacity_(capacity), thread_([this] { run(); }) {}

StoreQueue::~StoreQueue() { stop(); }

bool StoreQueue::post(std::function<void()> job, bool must) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || (!must && jobs_.size() >= capacity_)) return false;
    jobs_.push_back(std::move(job));
  }
  cv_.notify_one();
  return true;
}

void StoreQueue::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::size_t StoreQueue::size() const {
  std::lock_guard lock(mu_);
  return jobs_.size();
}

void StoreQueue::run() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and everything ran
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    try {
      job();
    } catch (const std::exception& e) {  // one bad write does not end the writer
      spdlog::error("JT/T 808 存储写入异常：{}", e.what());
    }
  }
}

}  // namespace zt::transit::jt808
