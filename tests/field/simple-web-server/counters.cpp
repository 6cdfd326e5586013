// Shared state in Simple-Web-Server handlers: with config.thread_pool_size > 1 the server runs
// handlers on that many threads, so a plain counter written in a handler loses updates.
#include <simple-web-server/server_http.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

using HttpServer = SimpleWeb::Server<SimpleWeb::HTTP>;

long page_views = 0;
long uploads_done = 0;
std::atomic<long> uploads_done2{0};
std::string store(const std::string &body);

int main() {
  HttpServer server;
  server.config.port = 8080;
  server.config.thread_pool_size = 4;

  // case: sws_handler_counter (bug): a global counter incremented in a handler on the server's thread pool; the handler is a std::function assigned into server.resource, which no API call hands over; source: https://github.com/eidheim/Simple-Web-Server/issues/220
  server.resource["^/$"]["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request>) {
    ++page_views; // BUG(known-miss): racelab-unsynchronized-shared-write
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

  server.start();
}
