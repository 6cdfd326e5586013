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
#include <string>
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
