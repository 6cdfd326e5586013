// Pistache 0.0.5 (Debian libpistache-dev): a route handler gets the request and a
// `Http::ResponseWriter` by value. The writer is move-only (its copy constructor is private):
// moving it into the work that answers later is the documented async style; a reference to the
// handler's parameter dangles once the handler returns. Handlers run on the endpoint's worker
// threads (`Http::Endpoint::options().threads(n)`), several at a time.
#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/router.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace Pistache;

std::string slow_lookup(const std::string& key);
long count_shard(const std::string& table, int shard);
void log_sent(const std::string& resource, ssize_t bytes);

// case: thread-captures-writer-by-reference (bug): the question's code: a thread answers through a reference to the by-value ResponseWriter parameter; source: https://github.com/pistacheio/pistache/issues/197
void thread_captures_writer_by_reference(Rest::Router& router) {
  Rest::Routes::Get(router, "/slow", [](const Rest::Request&, Http::ResponseWriter response) {
    std::thread([&response] { // BUG: racelab-context-escape
      response.send(Http::Code::Ok, slow_lookup("status"));
    }).detach();
    return Rest::Route::Result::Ok;
  });
}

// case: writer-moved-into-thread (ok): the maintainer's answer: move the writer to the thread that answers; source: https://github.com/pistacheio/pistache/issues/197
void writer_moved_into_thread(Rest::Router& router) {
  Rest::Routes::Get(router, "/slow", [](const Rest::Request&, Http::ResponseWriter response) {
    std::thread(
        [](Http::ResponseWriter writer) { writer.send(Http::Code::Ok, slow_lookup("status")); },
        std::move(response))
        .detach();
    return Rest::Route::Result::Ok;
  });
}

// case: thread-reads-request-by-reference (bug): the worker thread reads a route parameter through the handler's request reference; source: https://github.com/pistacheio/pistache/issues/197
void thread_reads_request_by_reference(Rest::Router& router) {
  Rest::Routes::Get(router, "/items/:id", [](const Rest::Request& request, Http::ResponseWriter response) {
    std::thread([&request, writer = std::move(response)]() mutable { // BUG: racelab-context-escape
      writer.send(Http::Code::Ok, slow_lookup(request.param(":id").as<std::string>()));
    }).detach();
    return Rest::Route::Result::Ok;
  });
}

// case: shared-writer-and-copied-param (ok): the fix: the parameter copied out first and the writer held by a shared owner; source: https://github.com/pistacheio/pistache/issues/197
void shared_writer_and_copied_param(Rest::Router& router) {
  Rest::Routes::Get(router, "/items/:id", [](const Rest::Request& request, Http::ResponseWriter response) {
    auto id = request.param(":id").as<std::string>();
    auto writer = std::make_shared<Http::ResponseWriter>(std::move(response));
    std::thread([id, writer] { writer->send(Http::Code::Ok, slow_lookup(id)); }).detach();
    return Rest::Route::Result::Ok;
  });
}

// case: send-then-reads-request (bug): the continuation of send()'s promise runs when the write completes, after the handler returned, and reads the request by reference; source: https://pistacheio.github.io/pistache/docs/http-handler/
void send_then_reads_request(Rest::Router& router) {
  Rest::Routes::Get(router, "/report", [](const Rest::Request& request, Http::ResponseWriter response) {
    response.send(Http::Code::Ok, slow_lookup("report"))
        .then([&request](ssize_t bytes) { log_sent(request.resource(), bytes); }, // BUG: racelab-context-escape
              Async::IgnoreException);
    return Rest::Route::Result::Ok;
  });
}

// case: send-then-copied-resource (ok): the fix: the continuation owns a copy of the resource string; source: https://pistacheio.github.io/pistache/docs/http-handler/
void send_then_copied_resource(Rest::Router& router) {
  Rest::Routes::Get(router, "/report", [](const Rest::Request& request, Http::ResponseWriter response) {
    response.send(Http::Code::Ok, slow_lookup("report"))
        .then([resource = request.resource()](ssize_t bytes) { log_sent(resource, bytes); },
              Async::IgnoreException);
    return Rest::Route::Result::Ok;
  });
}

// case: sync-handler (ok): answered on the worker thread that runs the handler; source: https://pistacheio.github.io/pistache/docs/rest-description/
void sync_handler(Rest::Router& router) {
  Rest::Routes::Get(router, "/ready", [](const Rest::Request& request, Http::ResponseWriter response) {
    response.send(Http::Code::Ok, request.resource());
    return Rest::Route::Result::Ok;
  });
}

int page_views = 0;

// case: global-page-views (bug): a handler of an endpoint started with threads(4) bumps a plain global; source: https://github.com/pistacheio/pistache/blob/master/examples/rest_server.cc
void global_page_views(Rest::Router& router) {
  Rest::Routes::Get(router, "/views", [](const Rest::Request&, Http::ResponseWriter response) {
    ++page_views; // BUG: racelab-unsynchronized-shared-write
    response.send(Http::Code::Ok, std::to_string(page_views));
    return Rest::Route::Result::Ok;
  });
}

std::mutex page_views_mutex;
int page_views_locked = 0;

// case: locked-page-views (ok): the fix of the REST example: the counter is updated under a lock; source: https://github.com/pistacheio/pistache/blob/master/examples/rest_server.cc
void locked_page_views(Rest::Router& router) {
  Rest::Routes::Get(router, "/views", [](const Rest::Request&, Http::ResponseWriter response) {
    int now;
    {
      std::lock_guard<std::mutex> guard(page_views_mutex);
      now = ++page_views_locked;
    }
    response.send(Http::Code::Ok, std::to_string(now));
    return Rest::Route::Result::Ok;
  });
}

// case: sharded-count-total (bug): threads started per shard and joined, each adding into one captured total; source: https://en.cppreference.com/w/cpp/thread/thread/join
void sharded_count_total(Rest::Router& router) {
  Rest::Routes::Get(router, "/count/:table", [](const Rest::Request& request, Http::ResponseWriter response) {
    auto table = request.param(":table").as<std::string>();
    long total = 0;
    std::vector<std::thread> shards;
    for (int s = 0; s < 4; ++s)
      shards.emplace_back([&total, &table, s] {
        total += count_shard(table, s); // BUG: racelab-unsynchronized-shared-write
      });
    for (auto& t : shards) t.join();
    response.send(Http::Code::Ok, std::to_string(total));
    return Rest::Route::Result::Ok;
  });
}

// case: sharded-count-slots (ok): the fix: one slot per thread, summed after the joins; source: https://en.cppreference.com/w/cpp/thread/thread/join
void sharded_count_slots(Rest::Router& router) {
  Rest::Routes::Get(router, "/count/:table", [](const Rest::Request& request, Http::ResponseWriter response) {
    auto table = request.param(":table").as<std::string>();
    std::vector<long> partial(4);
    std::vector<std::thread> shards;
    for (int s = 0; s < 4; ++s)
      shards.emplace_back([&partial, &table, s] { partial[s] = count_shard(table, s); });
    for (auto& t : shards) t.join();
    long total = 0;
    for (long p : partial) total += p;
    response.send(Http::Code::Ok, std::to_string(total));
    return Rest::Route::Result::Ok;
  });
}

std::atomic<long> peak_latency_us{0};

// case: split-atomic-peak (bug): the peak latency kept with a load then a store; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
void split_atomic_peak(Rest::Router& router) {
  Rest::Routes::Post(router, "/latency/:us", [](const Rest::Request& request, Http::ResponseWriter response) {
    long us = request.param(":us").as<long>();
    if (peak_latency_us.load() < us) peak_latency_us.store(us); // BUG: racelab-atomic-split-update
    response.send(Http::Code::No_Content);
    return Rest::Route::Result::Ok;
  });
}

// case: cas-atomic-peak (ok): the fix: a compare_exchange loop; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
void cas_atomic_peak(Rest::Router& router) {
  Rest::Routes::Post(router, "/latency/:us", [](const Rest::Request& request, Http::ResponseWriter response) {
    long us = request.param(":us").as<long>();
    long seen = peak_latency_us.load();
    while (seen < us && !peak_latency_us.compare_exchange_weak(seen, us)) {
    }
    response.send(Http::Code::No_Content);
    return Rest::Route::Result::Ok;
  });
}

// case: handler-class-counter (bug): the HTTP handler class of the docs counts requests in a function-local static; onRequest runs on every worker thread at once; source: https://pistacheio.github.io/pistache/docs/http-handler/
class HelloHandler : public Http::Handler {
public:
  HTTP_PROTOTYPE(HelloHandler)

  void onRequest(const Http::Request&, Http::ResponseWriter response) override {
    static long served = 0;
    served++; // BUG: racelab-unsynchronized-shared-write
    response.send(Http::Code::Ok, "Hello, World");
  }
};

// ===== As applications on GitHub write them (issue #13's red-team pass) ======
//
// Pistache handlers shaped like the services on GitHub that use Pistache (REST back ends,
// device gateways): member-function routes bound with Routes::bind, views of the request's
// strings, counters in the API class. Handlers run on the endpoint's worker threads, several
// at once with options().threads(n).
namespace realworld {

void persist(std::string_view payload);
void persist_copy(const std::string& payload);

// case: body-view-detached (bug): a string_view of the body returned by the const request's body(), given to a detached writer thread; source: https://github.com/pistacheio/pistache/issues/197
void body_view_detached(Rest::Router& router) {
  Rest::Routes::Post(router, "/events", [](const Rest::Request& request, Http::ResponseWriter response) {
    std::string_view payload = request.body();
    std::thread([payload] { persist(payload); }).detach(); // BUG: racelab-context-view-escape
    response.send(Http::Code::Accepted);
    return Rest::Route::Result::Ok;
  });
}

// case: body-copy-detached (ok): the body copied into a std::string the thread owns; source: https://github.com/pistacheio/pistache/issues/197
void body_copy_detached(Rest::Router& router) {
  Rest::Routes::Post(router, "/events", [](const Rest::Request& request, Http::ResponseWriter response) {
    std::string payload = request.body();
    std::thread([payload] { persist_copy(payload); }).detach();
    response.send(Http::Code::Accepted);
    return Rest::Route::Result::Ok;
  });
}

// case: resource-reference-detached (bug): a reference to the request's resource string captured by reference into an audit thread; source: https://github.com/pistacheio/pistache/issues/197
void resource_reference_detached(Rest::Router& router) {
  Rest::Routes::Get(router, "/files/*", [](const Rest::Request& request, Http::ResponseWriter response) {
    const std::string& path = request.resource();
    std::thread([&path] { persist_copy(path); }).detach(); // BUG: racelab-context-view-escape
    response.send(Http::Code::Ok);
    return Rest::Route::Result::Ok;
  });
}

// case: query-reference-detached (bug): a reference to the request's query captured by reference into a search thread that looks the parameter up later; source: https://pistacheio.github.io/pistache/docs/rest-description/
void query_reference_detached(Rest::Router& router) {
  Rest::Routes::Get(router, "/search", [](const Rest::Request& request, Http::ResponseWriter response) {
    const auto& query = request.query();
    std::thread([&query] { persist_copy(query.get("q").value_or("")); }).detach(); // BUG: racelab-context-view-escape
    response.send(Http::Code::Accepted);
    return Rest::Route::Result::Ok;
  });
}

// case: query-value-copied (ok): the parameter taken out of the query (an owning std::optional<std::string>) before the thread starts; source: https://pistacheio.github.io/pistache/docs/rest-description/
void query_value_copied(Rest::Router& router) {
  Rest::Routes::Get(router, "/search", [](const Rest::Request& request, Http::ResponseWriter response) {
    std::string q = request.query().get("q").value_or("");
    std::thread([q] { persist_copy(q); }).detach();
    response.send(Http::Code::Accepted);
    return Rest::Route::Result::Ok;
  });
}

// case: typed-param-copied (ok): a route parameter converted with as<std::string>() and moved into the thread with the writer; source: https://github.com/pistacheio/pistache/blob/master/examples/rest_server.cc
void typed_param_copied(Rest::Router& router) {
  Rest::Routes::Get(router, "/devices/:id", [](const Rest::Request& request, Http::ResponseWriter response) {
    auto id = request.param(":id").as<std::string>();
    std::thread([id, writer = std::move(response)]() mutable {
      writer.send(Http::Code::Ok, id);
    }).detach();
    return Rest::Route::Result::Ok;
  });
}

// The shape of most Pistache services: an API class whose member functions are bound as routes.
class DeviceApi {
public:
  explicit DeviceApi(Rest::Router& router) {
    Rest::Routes::Post(router, "/devices", Rest::Routes::bind(&DeviceApi::create, this));
    Rest::Routes::Get(router, "/devices/count", Rest::Routes::bind(&DeviceApi::count, this));
  }

private:
  // case: bound-member-counter (bug): the member function bound with Routes::bind counts created devices in a plain member; source: https://github.com/pistacheio/pistache/blob/master/examples/rest_server.cc
  void create(const Rest::Request&, Http::ResponseWriter response) {
    ++created_; // BUG: racelab-unsynchronized-shared-write
    response.send(Http::Code::Created);
  }

  // case: bound-member-read-under-lock (ok): the count read under the class's mutex; source: https://github.com/pistacheio/pistache/blob/master/examples/rest_server.cc
  void count(const Rest::Request&, Http::ResponseWriter response) {
    long now = 0;
    {
      std::lock_guard<std::mutex> lock(mu_);
      now = created_;
    }
    response.send(Http::Code::Ok, std::to_string(now));
  }

  std::mutex mu_;
  long created_ = 0;
};

long requests_total = 0;

// The same class shape, with a static counter.
class MetricsApi {
public:
  explicit MetricsApi(Rest::Router& router) {
    Rest::Routes::Get(router, "/metrics", Rest::Routes::bind(&MetricsApi::metrics, this));
  }

private:
  // case: bound-member-global-counter (bug): the bound member function bumps a global counter of requests; source: https://github.com/pistacheio/pistache/blob/master/examples/rest_server.cc
  void metrics(const Rest::Request&, Http::ResponseWriter response) {
    ++requests_total; // BUG: racelab-unsynchronized-shared-write
    response.send(Http::Code::Ok, std::to_string(requests_total));
  }
};

std::atomic<long> requests_total_atomic{0};

class AtomicMetricsApi {
public:
  explicit AtomicMetricsApi(Rest::Router& router) {
    Rest::Routes::Get(router, "/metrics", Rest::Routes::bind(&AtomicMetricsApi::metrics, this));
  }

private:
  // case: bound-member-atomic-counter (ok): the same counter as an atomic; source: https://github.com/pistacheio/pistache/blob/master/examples/rest_server.cc
  void metrics(const Rest::Request&, Http::ResponseWriter response) {
    response.send(Http::Code::Ok, std::to_string(++requests_total_atomic));
  }
};

// The StatsEndpoint shape of Pistache's rest_server example: the bound handler records a metric
// under the class's mutex.
class GuardedMetricsApi {
public:
  explicit GuardedMetricsApi(Rest::Router& router) {
    recorded_ = 0; // set up before the endpoint serves: not a handler's write
    Rest::Routes::Post(router, "/record", Rest::Routes::bind(&GuardedMetricsApi::record, this));
  }

private:
  // case: bound-member-guarded-counter (ok): the bound member function counts under a std::lock_guard of the class's mutex; source: https://github.com/pistacheio/pistache/blob/master/examples/rest_server.cc
  void record(const Rest::Request&, Http::ResponseWriter response) {
    {
      std::lock_guard<std::mutex> guard(lock_);
      ++recorded_;
    }
    response.send(Http::Code::Ok);
  }

  std::mutex lock_;
  long recorded_ = 0;
};

// case: bound-member-helper-counter (bug): a bound handler calls a private helper that counts in a plain member of the one API object; source: https://github.com/pistacheio/pistache/blob/master/examples/rest_server.cc
class AuditedApi {
public:
  explicit AuditedApi(Rest::Router& router) {
    Rest::Routes::Delete(router, "/devices/:id", Rest::Routes::bind(&AuditedApi::remove, this));
  }

private:
  void remove(const Rest::Request&, Http::ResponseWriter response) {
    audit();
    response.send(Http::Code::No_Content);
  }
  void audit() {
    ++removed_; // BUG: racelab-unsynchronized-shared-write
  }

  long removed_ = 0;
};

// case: this-thread-member (ok): a background thread started with [this] (not a route) updates a member it alone writes, joined in the destructor; source: https://github.com/pistacheio/pistache/blob/master/examples/rest_server.cc
class Sweeper {
public:
  void start() {
    worker_ = std::thread([this] {
      for (int i = 0; i < 3; ++i)
        ++sweeps_;
    });
  }
  ~Sweeper() {
    if (worker_.joinable())
      worker_.join();
  }

private:
  std::thread worker_;
  long sweeps_ = 0;
};

} // namespace realworld
