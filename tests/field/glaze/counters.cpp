// Shared state in glaze handlers: glz::http_server::start(n) runs the handlers on n threads
// (hardware_concurrency when n is 0), so a plain counter written in a handler loses updates.
#include <glaze/net/http_server.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <string>

long requests_served = 0;
std::atomic<long> bytes_received{0};
std::mutex per_user_mtx;
std::map<std::string, long> per_user;

int main()
{
   glz::http_server server;
   glz::http_router api;

   // case: glaze_global_counter (bug): a global request counter incremented on every server thread; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-server.md
   server.get("/hello", [](const glz::request&, glz::response& res) {
      ++requests_served; // BUG: racelab-unsynchronized-shared-write
      res.body("Hello");
   });

   // case: glaze_router_counter (bug): the same counter in a route of a mounted router; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-router.md
   api.post("/upload", [](const glz::request& req, glz::response& res) {
      requests_served += 1; // BUG: racelab-unsynchronized-shared-write
      res.status(204);
      (void)req;
   });

   // case: glaze_atomic_total (ok): an atomic total updated with fetch_add; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-server.md
   api.post("/upload2", [](const glz::request& req, glz::response& res) {
      bytes_received.fetch_add(static_cast<long>(req.body.size()));
      res.status(204);
   });

   // case: glaze_map_under_mutex (ok): a per-user map updated under a lock_guard; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/http-router.md
   api.get("/users/:id", [](const glz::request& req, glz::response& res) {
      {
         std::lock_guard<std::mutex> lock(per_user_mtx);
         ++per_user[req.params.at("id")];
      }
      res.status(200);
   });

   server.mount("/api", api);
   server.bind(8080);
   server.start(4);
}
