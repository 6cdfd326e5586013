// RUN: racelab-context-escape --config="{CheckOptions: [{key: racelab-context-escape.ContextTypes, value: '::web::Request'}, {key: racelab-context-escape.AwaitingFunctions, value: '::web::Router::route_async'}]}" -- -std=c++20
// A router that awaits the future its handlers return (AwaitingFunctions): the work is done
// before the request ends, so a reference to the request is fine there, and only there.
#include <functional>
#include <future>

namespace web {
struct Request {
  int id = 0;
};
struct Response {};
struct Router {
  // Waits for the future each handler returns before the request ends.
  void route_async(const char* path, std::function<std::future<Response>(Request&)> handler);
  // Sends the future's result whenever it is ready; the request is gone by then.
  void route_later(const char* path, std::function<std::future<Response>(Request&)> handler);
};
} // namespace web

web::Response render(const web::Request& req);

void awaitedByTheRouter(web::Router& r) {
  r.route_async("/a", [](web::Request& req) {
    return std::async(std::launch::async, [&req] { return render(req); });
  });
}

void notAwaited(web::Router& r) {
  r.route_later("/b", [](web::Request& req) {
    return std::async(std::launch::async, [&req] { return render(req); });
    // CHECK-NOTES: :[[@LINE-1]]:45: warning: original context 'req' captured by reference escapes into a std::async whose future is returned; the context is reset or destroyed when the request ends: capture a copy of 'req' instead [racelab-context-escape]
    // CHECK-NOTES: :[[@LINE-2]]:12: note: it is returned here
  });
}
