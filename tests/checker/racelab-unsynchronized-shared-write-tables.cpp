// RUN: racelab-unsynchronized-shared-write --config="{CheckOptions: [{key: Frameworks, value: 'simple_web_server;ngrest'}, {key: HandlerTables, value: '::app::Router::routes;::app::Pool::jobs=::app::Pool::workers'}]}" -- -std=c++17
// Handlers assigned into a table rather than handed to a function: Simple-Web-Server's
// `server.resource[path][method] = ...` (RACELAB_HANDLER_TABLE, concurrent only when the code
// that fills the table sets config.thread_pool_size to something other than 1), and a project's
// own tables told to the check by the option HandlerTables (`Member` or `Member=ThreadsMember`).
// Then a profile's loop callback (ngrest's Handler::post, RACELAB_LOOP_CALLBACK) inside a
// spawned thread: its task runs on the event loop, not on the thread.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

// Simple-Web-Server's server_http.hpp, in its shape.
namespace SimpleWeb {
class HTTP;
template <class socket_type> class ServerBase {
public:
  class Response {};
  class Request {};
  class Config {
  public:
    std::size_t thread_pool_size = 1;
  };
  Config config;
  using Handler = std::function<void(std::shared_ptr<Response>, std::shared_ptr<Request>)>;
  std::map<std::string, std::map<std::string, Handler>> resource;
  std::map<std::string, Handler> default_resource;
  void start() {}
};
template <class socket_type> class Server : public ServerBase<socket_type> {};
} // namespace SimpleWeb
using HttpServer = SimpleWeb::Server<SimpleWeb::HTTP>;
using Res = std::shared_ptr<HttpServer::Response>;
using Req = std::shared_ptr<HttpServer::Request>;

long hits = 0, misses = 0, quiet_hits = 0, locked_hits = 0, nested = 0;
thread_local long per_thread_hits = 0;
std::mutex hits_mutex;

void pooled(unsigned threads) {
  HttpServer server;
  server.config.thread_pool_size = threads;
  server.resource["^/$"]["GET"] = [](Res, Req) {
    ++hits;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: unsynchronized write to 'hits' in a request handler: the handler assigned into '::SimpleWeb::ServerBase::resource' runs on several threads at once and 'hits' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-3]]:33: note: it is assigned into '::SimpleWeb::ServerBase::resource' here
    // CHECK-NOTES: :[[@LINE-5]]:3: note: the handlers run on several threads: set here
  };
  server.default_resource["GET"] = [](Res, Req) {
    misses = misses + 1;
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: unsynchronized write to 'misses' in a request handler: the handler assigned into '::SimpleWeb::ServerBase::default_resource' runs on several threads at once and 'misses' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-3]]:34: note: it is assigned into '::SimpleWeb::ServerBase::default_resource' here
    // CHECK-NOTES: :[[@LINE-11]]:3: note: the handlers run on several threads: set here
  };
  // Silent: under a lock, thread_local, a local of the handler, and a lambda nested in the
  // handler (it runs when whatever it is handed to runs it).
  server.resource["^/ok$"]["GET"] = [](Res, Req) {
    std::lock_guard<std::mutex> lock(hits_mutex);
    ++locked_hits;
  };
  server.resource["^/ok2$"]["GET"] = [](Res, Req) {
    ++per_thread_hits;
    long mine = 0;
    ++mine;
    auto later = [] { ++nested; };
    (void)later;
  };
  server.start();
}

// Silent: thread_pool_size left at its default of 1, or set to 1.
void single() {
  HttpServer server;
  server.resource["^/$"]["GET"] = [](Res, Req) { ++quiet_hits; };
  server.start();
}
void one() {
  HttpServer server;
  server.config.thread_pool_size = 1;
  server.resource["^/$"]["GET"] = [](Res, Req) { ++quiet_hits; };
  server.start();
}

// A project's own tables (HandlerTables): `routes` always concurrent, `jobs` only with workers
// set; assigning the table itself (no element) is no handler.
namespace app {
struct Router {
  std::map<std::string, std::function<void()>> routes;
};
struct Pool {
  unsigned workers = 1;
  std::map<int, std::function<void()>> jobs;
};
} // namespace app
long routed = 0, queued = 0, idle = 0;

void own(app::Router& r, app::Pool& p, app::Pool& single_pool) {
  r.routes["/x"] = [] { ++routed; };
  // CHECK-NOTES: :[[@LINE-1]]:25: warning: unsynchronized write to 'routed' in a request handler: the handler assigned into '::app::Router::routes' runs on several threads at once and 'routed' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:18: note: it is assigned into '::app::Router::routes' here
  p.workers = 8;
  p.jobs[1] = [] { queued += 2; };
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: unsynchronized write to 'queued' in a request handler: the handler assigned into '::app::Pool::jobs' runs on several threads at once and 'queued' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:13: note: it is assigned into '::app::Pool::jobs' here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: the handlers run on several threads: set here
  (void)single_pool;
  r.routes = {};
}
void own_single(app::Pool& p) {
  p.jobs[2] = [] { ++idle; };
}

// ngrest's Handler::post, in its shape: the task runs on the event loop.
namespace ngrest {
class Handler {
public:
  static void post(std::function<void()> task) { (void)task; }
};
} // namespace ngrest
long posted = 0, both = 0;

void worker() {
  std::thread([] {
    ngrest::Handler::post([] { ++posted; });
    auto task = [] { posted += 1; };
    ngrest::Handler::post(task);
  }).detach();
  std::thread([] {
    ngrest::Handler::post([] { ++both; });
    ++both;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: unsynchronized write to 'both' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: the thread is started here
  }).detach();
}
