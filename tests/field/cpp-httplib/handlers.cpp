// cpp-httplib 0.11.4 (Debian libcpp-httplib-dev): route handlers get `const Request&` and
// `Response&`, both locals of the worker that runs Server::process_request; they are gone once
// the handler returns and the response is written. Every handler runs on a pool worker, so
// handlers run concurrently with each other and with themselves.
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <future>
#include <latch>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

void audit(const std::string& line);
std::string render_report(const std::string& body);
long parse_amount(const std::string& field);

// case: detached-thread-request (bug): a detached thread keeps `req`/`res` by reference to answer "later"; source: https://github.com/yhirose/cpp-httplib/issues/1809
void detached_thread_request(httplib::Server& svr) {
  svr.Post("/report", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("accepted", "text/plain");
    std::thread([&req] { audit(render_report(req.body)); }).detach(); // BUG: racelab-context-escape
  });
}

// case: detached-thread-copied-fields (ok): the fix: the thread owns copies of the fields it reads; source: https://github.com/yhirose/cpp-httplib/issues/1809
void detached_thread_copied_fields(httplib::Server& svr) {
  svr.Post("/report", [](const httplib::Request& req, httplib::Response& res) {
    res.set_content("accepted", "text/plain");
    std::thread([body = req.body, from = req.remote_addr] {
      audit(from + ": " + render_report(body));
    }).detach();
  });
}

// case: joined-thread (ok): a worker joined before the handler returns, the maintainer's example of feeding a handler from a thread; source: https://github.com/yhirose/cpp-httplib/issues/1186
void joined_thread(httplib::Server& svr) {
  svr.Get("/hi", [](const httplib::Request& req, httplib::Response& res) {
    std::string data;
    std::thread t([&] { data = "hello " + req.get_param_value("name"); });
    t.join();
    res.set_content(data, "text/plain");
  });
}

httplib::ThreadPool background(4);

// case: pool-enqueue-response (bug): the response is written from a job queued on an application ThreadPool after the handler returned; source: https://github.com/yhirose/cpp-httplib/issues/1809
void pool_enqueue_response(httplib::Server& svr) {
  svr.Get("/slow", [](const httplib::Request& req, httplib::Response& res) {
    background.enqueue([&res, id = req.get_param_value("id")] { // BUG: racelab-context-escape
      res.set_content(render_report(id), "text/plain");
    });
  });
}

// case: pool-enqueue-request-copy (ok): the job gets its own copy of the Request (it is copyable) and answers nothing; source: https://github.com/yhirose/cpp-httplib/blob/v0.11.4/README.md
void pool_enqueue_request_copy(httplib::Server& svr) {
  svr.Post("/audit", [](const httplib::Request& req, httplib::Response& res) {
    background.enqueue([req] { audit(req.method + " " + req.path + " " + req.body); });
    res.status = 202;
  });
}

// case: task-queue-default-capture (bug): a `[&]` job handed to the server's TaskQueue through its base class reads the request after the handler returned; source: https://github.com/yhirose/cpp-httplib/issues/1809
void task_queue_default_capture(httplib::Server& svr, httplib::TaskQueue& queue) {
  svr.Post("/ingest", [&queue](const httplib::Request& req, httplib::Response& res) {
    queue.enqueue([&] {
      audit(req.body); // BUG: racelab-context-escape
    });
    res.status = 202;
  });
}

// case: async-future-waited (ok): std::async whose result is taken before the handler answers; source: https://en.cppreference.com/w/cpp/thread/async
void async_future_waited(httplib::Server& svr) {
  svr.Post("/render", [](const httplib::Request& req, httplib::Response& res) {
    auto html = std::async(std::launch::async, [&req] { return render_report(req.body); });
    res.set_content(html.get(), "text/html");
  });
}

// case: content-provider-no-thread (ok): a chunked content provider reads the request later, but on the same worker while the request is still alive (no thread); source: https://github.com/yhirose/cpp-httplib/blob/v0.11.4/README.md
void content_provider_no_thread(httplib::Server& svr) {
  svr.Get("/stream", [](const httplib::Request& req, httplib::Response& res) {
    res.set_chunked_content_provider("text/plain", [&req](size_t, httplib::DataSink& sink) {
      std::string line = req.path + "\n";
      sink.write(line.data(), line.size());
      sink.done();
      return true;
    });
  });
}

long hits = 0;

// case: global-hit-counter (bug): a global counter incremented by a handler that every pool worker runs at once; source: https://github.com/yhirose/cpp-httplib/issues/229
void global_hit_counter(httplib::Server& svr) {
  svr.Get("/", [](const httplib::Request&, httplib::Response& res) {
    ++hits; // BUG: racelab-unsynchronized-shared-write
    res.set_content("hello", "text/plain");
  });
}

std::atomic<long> atomic_hits{0};

// case: atomic-hit-counter (ok): the fix: an atomic counter incremented with fetch_add; source: https://github.com/yhirose/cpp-httplib/issues/1598
void atomic_hit_counter(httplib::Server& svr) {
  svr.Get("/", [](const httplib::Request&, httplib::Response& res) {
    long n = atomic_hits.fetch_add(1) + 1;
    res.set_content(std::to_string(n), "text/plain");
  });
}

// case: pooled-total (bug): a handler splits a batch into jobs on a pool and every job adds to one captured total; source: https://github.com/yhirose/cpp-httplib/issues/229
void pooled_total(httplib::Server& svr) {
  svr.Post("/batch", [](const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> items;
    for (std::size_t i = 0; i < req.get_param_value_count("amount"); ++i)
      items.push_back(req.get_param_value("amount", i));
    long total = 0;
    std::latch done(static_cast<std::ptrdiff_t>(items.size()));
    for (const auto& item : items)
      background.enqueue([&total, &done, item] {
        total += parse_amount(item); // BUG: racelab-unsynchronized-shared-write
        done.count_down();
      });
    done.wait();
    res.set_content(std::to_string(total), "text/plain");
  });
}

// case: pooled-total-locked (ok): the fix: the jobs add under a mutex; source: https://github.com/yhirose/cpp-httplib/issues/229
void pooled_total_locked(httplib::Server& svr) {
  svr.Post("/batch", [](const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> items;
    for (std::size_t i = 0; i < req.get_param_value_count("amount"); ++i)
      items.push_back(req.get_param_value("amount", i));
    long total = 0;
    std::mutex m;
    std::latch done(static_cast<std::ptrdiff_t>(items.size()));
    for (const auto& item : items)
      background.enqueue([&total, &m, &done, item] {
        long amount = parse_amount(item);
        {
          std::lock_guard<std::mutex> lock(m);
          total += amount;
        }
        done.count_down();
      });
    done.wait();
    res.set_content(std::to_string(total), "text/plain");
  });
}

std::atomic<std::size_t> largest_body{0};

// case: split-atomic-max (bug): the largest body seen, kept with a load then a store: two handlers in between lose the larger value; source: https://github.com/yhirose/cpp-httplib/issues/1598
void split_atomic_max(httplib::Server& svr) {
  svr.Post("/upload", [](const httplib::Request& req, httplib::Response& res) {
    std::size_t n = req.body.size();
    if (n > largest_body.load()) largest_body.store(n); // BUG: racelab-atomic-split-update
    res.status = 204;
  });
}

std::atomic<std::size_t> largest_body_cas{0};

// case: cas-atomic-max (ok): the fix: a compare_exchange loop; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
void cas_atomic_max(httplib::Server& svr) {
  svr.Post("/upload", [](const httplib::Request& req, httplib::Response& res) {
    std::size_t n = req.body.size();
    std::size_t seen = largest_body_cas.load();
    while (n > seen && !largest_body_cas.compare_exchange_weak(seen, n)) {
    }
    res.status = 204;
  });
}

// ===== As applications on GitHub write them (issue #13's red-team pass) ======
//
// cpp-httplib handlers shaped like the applications on GitHub that use them (bots, model
// servers, small REST services), not like the library's examples: views of the body, helpers
// that spawn, logger callbacks, counters kept in members and statics, check-then-act atomics.
namespace realworld {

void ingest(std::string_view text);
void ingest_raw(const char* text);
std::string summarize(const std::string& text);

// case: body-view-into-thread (bug): the body seen through a string_view (as JSON validators do), and the view handed to a detached indexer; source: https://github.com/yhirose/cpp-httplib/issues/1809
void body_view_into_thread(httplib::Server& svr) {
  svr.Post("/index", [](const httplib::Request& req, httplib::Response& res) {
    std::string_view body = req.body;
    std::thread([body] { ingest(body); }).detach(); // BUG: racelab-context-view-escape
    res.status = 202;
  });
}

// case: body-copy-into-thread (ok): the same indexer given its own std::string; source: https://github.com/yhirose/cpp-httplib/issues/1809
void body_copy_into_thread(httplib::Server& svr) {
  svr.Post("/index", [](const httplib::Request& req, httplib::Response& res) {
    std::string body = req.body;
    std::thread([body] { ingest(body); }).detach();
    res.status = 202;
  });
}

// case: body-c-str-into-pool (bug): the C string of the body handed to a C parser on an application pool, as handlers feeding cJSON do; source: https://github.com/yhirose/cpp-httplib/issues/1809
void body_c_str_into_pool(httplib::Server& svr, httplib::ThreadPool& pool) {
  svr.Post("/parse", [&pool](const httplib::Request& req, httplib::Response& res) {
    const char* raw = req.body.c_str();
    pool.enqueue([raw] { ingest_raw(raw); }); // BUG: racelab-context-view-escape
    res.status = 202;
  });
}

// case: body-c-str-parsed-inline (ok): the C string parsed before the handler returns, as most handlers feeding a C JSON parser do; source: https://github.com/yhirose/cpp-httplib/issues/1809
void body_c_str_parsed_inline(httplib::Server& svr) {
  svr.Post("/parse", [](const httplib::Request& req, httplib::Response& res) {
    ingest_raw(req.body.c_str());
    res.set_content("ok", "text/plain");
  });
}

// case: helper-spawns-with-request (bug): the handler passes its request to a helper that starts a detached thread holding it by reference; source: https://github.com/yhirose/cpp-httplib/issues/1809
// A helper of the application: the handler hands it the request, it answers "later".
void start_summary(const httplib::Request& req) {
  std::thread([&req] { ingest(summarize(req.body)); }).detach(); // BUG: racelab-context-escape
}
void helper_spawns_with_request(httplib::Server& svr) {
  svr.Post("/summary", [](const httplib::Request& req, httplib::Response& res) {
    start_summary(req);
    res.status = 202;
  });
}

// case: helper-spawns-with-copy (ok): the helper is given the body by value and moves it into the thread; source: https://github.com/yhirose/cpp-httplib/issues/1809
void start_summary_of(std::string text) {
  std::thread([text = std::move(text)] { ingest(summarize(text)); }).detach();
}
void helper_spawns_with_copy(httplib::Server& svr) {
  svr.Post("/summary", [](const httplib::Request& req, httplib::Response& res) {
    start_summary_of(req.body);
    res.status = 202;
  });
}

std::vector<std::future<void>> pending_jobs;

// case: async-future-kept (bug): std::async's future parked in a global list so the handler does not wait: the task still reads the request by reference; source: https://en.cppreference.com/w/cpp/thread/async
void async_future_kept(httplib::Server& svr) {
  svr.Post("/job", [](const httplib::Request& req, httplib::Response& res) {
    pending_jobs.push_back(std::async(std::launch::async, [&req] { ingest(req.body); })); // BUG: racelab-context-escape
    res.status = 202;
  });
}

// case: async-future-temporary (ok): the future of std::async discarded at once: its destructor waits for the task before the handler goes on; source: https://en.cppreference.com/w/cpp/thread/async
void async_future_temporary(httplib::Server& svr) {
  svr.Post("/job", [](const httplib::Request& req, httplib::Response& res) {
    (void)std::async(std::launch::async, [&req] { ingest(req.body); });
    res.set_content("done", "text/plain");
  });
}

long logged_requests = 0;

// case: logger-counter (bug): the access logger counts requests in a plain global; the logger runs on the worker that served each request, several at once; source: https://github.com/yhirose/cpp-httplib#logging
void logger_counter(httplib::Server& svr) {
  svr.set_logger([](const httplib::Request&, const httplib::Response&) {
    ++logged_requests; // BUG: racelab-unsynchronized-shared-write
  });
}

std::atomic<long> logged_requests_atomic{0};

// case: logger-atomic-counter (ok): the logger's counter as an atomic; source: https://github.com/yhirose/cpp-httplib#logging
void logger_atomic_counter(httplib::Server& svr) {
  svr.set_logger([](const httplib::Request&, const httplib::Response&) {
    logged_requests_atomic.fetch_add(1, std::memory_order_relaxed);
  });
}

// case: member-counter-this (bug): a service class registers its routes with [this] and counts hits in a plain member; source: https://github.com/yhirose/cpp-httplib/issues/1598
class StatsService {
public:
  void routes(httplib::Server& svr) {
    svr.Get("/stats", [this](const httplib::Request&, httplib::Response& res) {
      ++hits_; // BUG: racelab-unsynchronized-shared-write
      res.set_content(std::to_string(hits_), "text/plain");
    });
  }

private:
  long hits_ = 0;
};

// case: member-counter-locked (ok): the same service with the member under a mutex; source: https://github.com/yhirose/cpp-httplib/issues/1598
class LockedStatsService {
public:
  void routes(httplib::Server& svr) {
    svr.Get("/stats", [this](const httplib::Request&, httplib::Response& res) {
      long now = 0;
      {
        std::lock_guard<std::mutex> lock(mu_);
        now = ++hits_;
      }
      res.set_content(std::to_string(now), "text/plain");
    });
  }

private:
  std::mutex mu_;
  long hits_ = 0;
};

// case: member-helper-this (bug): the [this] route calls a private helper that appends to a plain member vector of the service; source: https://github.com/yhirose/cpp-httplib/issues/1598
class AuditService {
public:
  void routes(httplib::Server& svr) {
    svr.Post("/audit", [this](const httplib::Request& req, httplib::Response& res) {
      remember(req.path);
      res.status = 204;
    });
  }

private:
  void remember(const std::string& path) {
    last_path_ = path; // BUG: racelab-unsynchronized-shared-write
  }
  std::string last_path_;
};

// case: member-helper-locked (ok): the same helper called under the service's mutex; source: https://github.com/yhirose/cpp-httplib/issues/1598
class LockedAuditService {
public:
  void routes(httplib::Server& svr) {
    svr.Post("/audit", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        remember(req.path);
      }
      res.status = 204;
    });
  }

private:
  void remember(const std::string& path) { last_path_ = path; }
  std::mutex mu_;
  std::string last_path_;
};

// case: member-atomic-this (ok): the [this] route counts in a std::atomic member; source: https://github.com/yhirose/cpp-httplib/issues/1598
class AtomicStatsService {
public:
  void routes(httplib::Server& svr) {
    svr.Get("/stats", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::to_string(++hits_), "text/plain");
    });
  }

private:
  std::atomic<long> hits_{0};
};

// case: member-thread-this (ok): the service's listener thread, started with [this], is no route: it runs once, and only it writes the member; source: https://github.com/yhirose/cpp-httplib#server
class ServerHost {
public:
  void start() {
    listener_ = std::thread([this] {
      started_ = true;
      svr_.listen("127.0.0.1", 8080);
    });
  }
  ~ServerHost() {
    svr_.stop();
    if (listener_.joinable())
      listener_.join();
  }

private:
  httplib::Server svr_;
  std::thread listener_;
  bool started_ = false;
};

// case: named-handler-static (bug): a handler function given to Get by name counts probes in a function-local static; source: https://github.com/yhirose/cpp-httplib#server
void handle_health(const httplib::Request&, httplib::Response& res) {
  static int probes = 0;
  ++probes; // BUG: racelab-unsynchronized-shared-write
  res.set_content(probes % 2 == 0 ? "ok" : "ok ", "text/plain");
}
void named_handler_static(httplib::Server& svr) { svr.Get("/health", handle_health); }

// case: named-handler-static-const (ok): a function-local static that is only initialised (thread-safe since C++11) and read; source: https://github.com/yhirose/cpp-httplib#server
void handle_version(const httplib::Request&, httplib::Response& res) {
  static const std::string version = "1.4.2";
  res.set_content(version, "text/plain");
}
void named_handler_static_const(httplib::Server& svr) { svr.Get("/version", handle_version); }

std::atomic<int> busy_workers{0};
constexpr int kMaxBusy = 4;

// case: atomic-admission-split (bug): an admission limit checked with load() and taken with a store of load()+1: two handlers both pass the check; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
void atomic_admission_split(httplib::Server& svr) {
  svr.Post("/infer", [](const httplib::Request& req, httplib::Response& res) {
    if (busy_workers.load() >= kMaxBusy) {
      res.status = 503;
      return;
    }
    busy_workers.store(busy_workers.load() + 1); // BUG: racelab-atomic-split-update
    res.set_content(summarize(req.body), "text/plain");
    busy_workers.fetch_sub(1);
  });
}

// case: atomic-admission-fetch-add (ok): the slot taken with fetch_add and given back when over the limit; source: https://en.cppreference.com/w/cpp/atomic/atomic/fetch_add
void atomic_admission_fetch_add(httplib::Server& svr) {
  svr.Post("/infer", [](const httplib::Request& req, httplib::Response& res) {
    if (busy_workers.fetch_add(1) >= kMaxBusy) {
      busy_workers.fetch_sub(1);
      res.status = 503;
      return;
    }
    res.set_content(summarize(req.body), "text/plain");
    busy_workers.fetch_sub(1);
  });
}

// ===== Views of the headers, the parameters and the body (issue #13's view pass) ======

// case: headers-reference-into-thread (bug): the header map taken by reference, as auth middlewares do, and read by a detached auditor thread; source: https://github.com/yhirose/cpp-httplib/blob/v0.11.4/README.md
void headers_reference_into_thread(httplib::Server& svr) {
  svr.Get("/admin", [](const httplib::Request& req, httplib::Response& res) {
    const httplib::Headers& headers = req.headers;
    std::thread([&headers] { audit(std::to_string(headers.count("Authorization"))); }).detach(); // BUG: racelab-context-view-escape
    res.status = 204;
  });
}

// case: headers-copied-into-thread (ok): the auditor thread given its own copy of the header map; source: https://github.com/yhirose/cpp-httplib/blob/v0.11.4/README.md
void headers_copied_into_thread(httplib::Server& svr) {
  svr.Get("/admin", [](const httplib::Request& req, httplib::Response& res) {
    httplib::Headers headers = req.headers;
    std::thread([headers] { audit(std::to_string(headers.count("Authorization"))); }).detach();
    res.status = 204;
  });
}

// case: query-param-view-into-pool (bug): a query parameter looked up in req.params and viewed, the view queued on an application pool; source: https://github.com/yhirose/cpp-httplib/blob/v0.11.4/README.md
void query_param_view_into_pool(httplib::Server& svr, httplib::ThreadPool& pool) {
  svr.Get("/search", [&pool](const httplib::Request& req, httplib::Response& res) {
    if (!req.has_param("q"))
      return;
    std::string_view q = req.params.find("q")->second;
    pool.enqueue([q] { ingest(q); }); // BUG: racelab-context-view-escape
    res.status = 202;
  });
}

// case: query-param-copied-into-pool (ok): the parameter taken with get_param_value, an owning std::string; source: https://github.com/yhirose/cpp-httplib/blob/v0.11.4/README.md
void query_param_copied_into_pool(httplib::Server& svr, httplib::ThreadPool& pool) {
  svr.Get("/search", [&pool](const httplib::Request& req, httplib::Response& res) {
    std::string q = req.get_param_value("q");
    pool.enqueue([q] { ingest(q); });
    res.status = 202;
  });
}

void ingest_bytes(std::span<const char> bytes);

// case: body-span-into-thread (bug): the body seen as a std::span of bytes for a binary decoder running on a detached thread; source: https://github.com/yhirose/cpp-httplib/issues/1809
void body_span_into_thread(httplib::Server& svr) {
  svr.Post("/upload", [](const httplib::Request& req, httplib::Response& res) {
    std::span<const char> bytes(req.body.data(), req.body.size());
    std::thread([bytes] { ingest_bytes(bytes); }).detach(); // BUG: racelab-context-view-escape
    res.status = 202;
  });
}

// case: body-bytes-copied-into-thread (ok): the decoder's thread owns a vector copied from the body; source: https://github.com/yhirose/cpp-httplib/issues/1809
void body_bytes_copied_into_thread(httplib::Server& svr) {
  svr.Post("/upload", [](const httplib::Request& req, httplib::Response& res) {
    std::vector<char> bytes(req.body.begin(), req.body.end());
    std::thread([bytes = std::move(bytes)] { ingest_bytes(bytes); }).detach();
    res.status = 202;
  });
}

// case: header-range-into-thread (bug): the iterator range of every Accept header captured by a detached thread; the iterators point into the request's header map; source: https://github.com/yhirose/cpp-httplib/blob/v0.11.4/README.md
void header_range_into_thread(httplib::Server& svr) {
  svr.Get("/negotiate", [](const httplib::Request& req, httplib::Response& res) {
    auto accepts = req.headers.equal_range("Accept");
    std::thread([accepts] { // BUG: racelab-context-view-escape
      for (auto it = accepts.first; it != accepts.second; ++it)
        audit(it->second);
    }).detach();
    res.status = 204;
  });
}

// case: header-values-copied-into-thread (ok): the Accept values copied into a vector the thread owns; source: https://github.com/yhirose/cpp-httplib/blob/v0.11.4/README.md
void header_values_copied_into_thread(httplib::Server& svr) {
  svr.Get("/negotiate", [](const httplib::Request& req, httplib::Response& res) {
    std::vector<std::string> accepts;
    auto range = req.headers.equal_range("Accept");
    for (auto it = range.first; it != range.second; ++it)
      accepts.push_back(it->second);
    std::thread([accepts] {
      for (const std::string& a : accepts)
        audit(a);
    }).detach();
    res.status = 204;
  });
}

} // namespace realworld
