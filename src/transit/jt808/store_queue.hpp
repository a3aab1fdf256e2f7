// The gateway's store writes, off its event loop: a bounded FIFO of jobs run in order by one
// writer thread, so a slow database delays the writes, never the replies to other terminals.
// A job that may be refused (a location report, a heartbeat's last-seen) is dropped when the
// queue is full and the caller answers the terminal with the general reply's failure; a job
// that must not be lost (a message's status) is taken beyond the bound (those are few: one per
// dispatcher's message and state).
//
// Thread-safety: post() from any thread; stop() from the owner's thread, once, after which
// post() refuses. The destructor stops: it runs what was queued, then joins.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace zt::transit::jt808 {

class StoreQueue {
 public:
  explicit StoreQueue(std::size_t capacity);
  ~StoreQueue();
  StoreQueue(const StoreQueue&) = delete;
  StoreQueue& operator=(const StoreQueue&) = delete;

  // Queues `job`; false (not queued) when stopped, or when full and not `must`.
  bool post(std::function<void()> job, bool must = false);
  // Runs what is queued, then ends the writer thread.
  void stop();
  std::size_t size() const;

 private:
  void run();
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::thread thread_;  // last: started once the rest is built
};

}  // namespace zt::transit::jt808
