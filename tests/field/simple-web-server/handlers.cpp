// Simple-Web-Server handlers that answer from other threads. A handler gets
// `std::shared_ptr<HttpServer::Response>` and `std::shared_ptr<HttpServer::Request>` by value:
// copying those shared_ptrs into the work is the documented way to respond later (the examples'
// "work_thread"); a reference to the handler's parameters dangles once it returns, and send()'s
// callback runs after it has returned.
#include <simple-web-server/server_http.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

using HttpServer = SimpleWeb::Server<SimpleWeb::HTTP>;

std::string slow_lookup(const std::string &key);
void log_sent(const std::string &path);

void add_routes(HttpServer &server) {
  // case: sws_response_ref_thread (bug): the response captured by reference into a detached worker thread; source: https://github.com/eidheim/Simple-Web-Server/issues/220
  server.resource["^/work$"]["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request> request) {
    std::string key = request->query_string;
    std::thread work_thread([&response, key] { // BUG: racelab-context-escape
      response->write(slow_lookup(key));
    });
    work_thread.detach();
  };

  // case: sws_response_copied_thread (ok): the examples' work_thread: the response's shared_ptr copied, which keeps the connection until the worker answers; source: https://github.com/eidheim/Simple-Web-Server/blob/master/http_examples.cpp
  server.resource["^/work2$"]["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request> request) {
    std::thread work_thread([response, key = request->query_string] {
      std::this_thread::sleep_for(std::chrono::seconds(5));
      response->write(slow_lookup(key));
    });
    work_thread.detach();
  };

  // case: sws_request_default_ref (bug): a [&] default reads the request's content on the worker thread; source: https://github.com/eidheim/Simple-Web-Server/issues/220
  server.resource["^/echo$"]["POST"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request> request) {
    std::thread([&] {
      response->write(request->content.string()); // BUG: racelab-context-escape
    }).detach();
  };

  // case: sws_request_fields_copied (ok): the body read into a string before the thread, the response's shared_ptr copied; source: https://github.com/eidheim/Simple-Web-Server/blob/master/http_examples.cpp
  server.resource["^/echo2$"]["POST"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request> request) {
    std::thread([response, body = request->content.string()] { response->write(body); }).detach();
  };

  // case: sws_send_callback_ref (bug): send()'s completion callback captures the handler's request parameter by reference; it runs when the write is done, after the handler returned; source: https://github.com/eidheim/Simple-Web-Server/issues/186
  server.resource["^/shutdown$"]["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request> request) {
    response->write("<h1>Shutting down!</h1>");
    response->send([&request](const SimpleWeb::error_code &ec) { // BUG: racelab-context-escape
      if(!ec)
        log_sent(request->path);
    });
  };

  // case: sws_send_callback_copied (ok): the same callback with the request's shared_ptr copied; source: https://github.com/eidheim/Simple-Web-Server/issues/186
  server.resource["^/shutdown2$"]["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request> request) {
    response->write("<h1>Shutting down!</h1>");
    response->send([request](const SimpleWeb::error_code &ec) {
      if(!ec)
        log_sent(request->path);
    });
  };

  // case: sws_no_thread (ok): the answer is written before the handler returns; source: https://github.com/eidheim/Simple-Web-Server/blob/master/http_examples.cpp
  server.resource["^/info$"]["GET"] = [](std::shared_ptr<HttpServer::Response> response, std::shared_ptr<HttpServer::Request> request) {
    response->write(request->method + " " + request->path);
  };
}
