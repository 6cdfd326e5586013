// Shared state in Simple-Web-Server handlers: with config.thread_pool_size > 1 the server runs
// handlers on that many threads, so a plain counter written in a handler loses updates. The
// default is 1: one thread runs every handler, one at a time.
#include <simple-web-server/server_http.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

using HttpServer = SimpleWeb::Server<SimpleWeb::HTTP>;

long page_views = 0;
long uploads_done = 0;
std::atomic<long> uploads_done2{0};
long not_found = 0;
long api_calls = 0;
long guarded_views = 0;
long single_thread_views = 0;
long one_thread_views = 0;
std::mutex views_mutex;
std::string store(const std::string &body);

int main() {
  HttpServer server;
  server.config.port = 8080;
  server.config.thread_pool_size = 4;

  // case: sws_handler_counter (bug): a global counter incremented in a handler on the server's thread pool of 4; the handler is a std::function assigned into server.resource; source: https://github.com/eidheim/Simple-Web-Server/issues/220
  server.resource["^/$"]["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request>) {
    ++page_views; // BUG: racelab-unsynchronized-shared-write
    response->write("hello");
  };

  // case: sws_worker_counter (bug): each upload's worker thread bumps a global counter: the workers of concurrent uploads race; source: https://github.com/eidheim/Simple-Web-Server/blob/master/http_examples.cpp
  server.resource["^/upload$"]["POST"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request> request) {
    std::thread([response, body = request->content.string()] {
      response->write(store(body));
      uploads_done++; // BUG: racelab-unsynchronized-shared-write
    }).detach();
  };

  // case: sws_worker_atomic_counter (ok): the same worker with an atomic counter; source: https://github.com/eidheim/Simple-Web-Server/blob/master/http_examples.cpp
  server.resource["^/upload2$"]["POST"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request> request) {
    std::thread([response, body = request->content.string()] {
      response->write(store(body));
      uploads_done2.fetch_add(1);
    }).detach();
  };

  // case: sws_default_resource_counter (bug): the fallback handler, assigned into default_resource, counts unknown paths on the same pool; source: https://github.com/eidheim/Simple-Web-Server/blob/master/http_examples.cpp
  server.default_resource["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request>) {
    not_found += 1; // BUG: racelab-unsynchronized-shared-write
    response->write(SimpleWeb::StatusCode::client_error_bad_request, "not found");
  };

  // case: sws_handler_counter_locked (ok): the same counter written under a std::lock_guard; source: https://github.com/eidheim/Simple-Web-Server/issues/220
  server.resource["^/locked$"]["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request>) {
    {
      std::lock_guard<std::mutex> lock(views_mutex);
      ++guarded_views;
    }
    response->write("hello");
  };

  server.start();
}

// A server sized to the machine: thread_pool_size set from a call, not a literal.
void api_server() {
  HttpServer server;
  server.config.port = 8081;
  server.config.thread_pool_size = std::thread::hardware_concurrency();

  // case: sws_pool_sized_to_machine (bug): the pool has one thread per core, and each API call bumps a plain global; source: https://github.com/eidheim/Simple-Web-Server/blob/master/server_http.hpp
  server.resource["^/api/.*$"]["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request>) {
    api_calls++; // BUG: racelab-unsynchronized-shared-write
    response->write("{}");
  };
  server.start();
}

// The README's setup: only the port is set, so thread_pool_size keeps its default of 1.
void example_server() {
  HttpServer server;
  server.config.port = 8082;

  // case: sws_single_thread_counter (ok): with the default thread_pool_size of 1 the server's one thread runs every handler in turn; source: https://github.com/eidheim/Simple-Web-Server/blob/master/http_examples.cpp
  server.resource["^/$"]["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request>) {
    ++single_thread_views;
    response->write("hello");
  };
  server.start();
}

// One thread asked for explicitly.
void one_thread_server() {
  HttpServer server;
  server.config.port = 8083;
  server.config.thread_pool_size = 1;

  // case: sws_explicit_one_thread_counter (ok): thread_pool_size set to 1 explicitly: handlers still run one at a time; source: https://github.com/eidheim/Simple-Web-Server/blob/master/server_http.hpp
  server.resource["^/$"]["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request>) {
    one_thread_views = one_thread_views + 1;
    response->write("hello");
  };
  server.start();
}
